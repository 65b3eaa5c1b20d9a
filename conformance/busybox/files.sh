# File applets in the scratch directory.
mkdir -p d/sub
echo content > d/a.txt
cp d/a.txt d/b.txt
mv d/b.txt d/sub/c.txt
ln -s a.txt d/link
ln d/a.txt d/hard
ls d | sort
ls -1 d/sub
find d -type f | sort
find d -name '*.txt' | sort
stat -c '%n %s %a %F %h' d/a.txt d/link d/sub
cat d/link
readlink d/link
md5sum d/a.txt
sha256sum d/a.txt
seq 1 1000 > big.txt
dd if=big.txt of=part.txt bs=100 skip=2 count=3 2>/dev/null
wc -c part.txt
tar cf arch.tar d
rm -r d
[ -e d ] || echo "d removed"
tar xf arch.tar
find d | sort
gzip -9 big.txt
[ -e big.txt.gz ] && echo "gzipped"
gunzip big.txt.gz
tail -n 1 big.txt
cmp big.txt big.txt && echo "cmp equal"
chmod 600 d/a.txt
stat -c '%a' d/a.txt
touch -d '2001-02-03 04:05:06' d/a.txt
date -r d/a.txt '+%Y-%m-%d %H:%M:%S'
du -s d | awk '{ print ($1 > 0) }'
rm -rf d arch.tar part.txt big.txt
ls
