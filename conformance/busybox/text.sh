# Text applets.
printf 'banana 3\napple 1\ncherry 2\napple 1\n' > fruit.txt
seq 1 100 > numbers.txt
sort fruit.txt
sort -k2 -n fruit.txt
sort -u fruit.txt | wc -l
uniq -c fruit.txt
sort fruit.txt | uniq -d
wc -l -w -c fruit.txt
sed -e 's/a/A/g' -e '2d' fruit.txt
sed -n '/cherry/p' fruit.txt
awk '{ sum += $2 } END { printf "sum=%d avg=%.3f\n", sum, sum / NR }' fruit.txt
awk -F' ' '$2 > 1 { print toupper($1) }' fruit.txt
awk 'BEGIN { printf "%.6f %e %g\n", 3.14159265358979, 1e-5 * 3, 2 ^ 0.5 }'
grep -c apple fruit.txt
grep -v apple fruit.txt
grep -E '^(b|c)' fruit.txt
cut -d' ' -f1 fruit.txt | tr 'a-z' 'A-Z'
head -n 3 numbers.txt | tail -n 1
tail -n 2 numbers.txt
seq 5 | xargs -n 2 echo pair
printf 'hello\tworld\n' | od -c
printf 'AB' | od -An -tx1
expr 17 % 5
expr length "helctic"
printf '%5.2f|%-4s|%03d|%x\n' 3.14159 ab 7 255
echo "a b c" | awk '{ print NF }'
rev_lines=$(seq 3 | sort -rn | tr '\n' ,)
echo "$rev_lines"
