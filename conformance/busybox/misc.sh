# Environment, dates, numbers.
env -i FOO=bar BAZ=qux env | sort
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %a'
date -u -d @0 '+%s %j'
echo $((0x10 + 010 + 2 ** 10))
seq -s, 1 2 9
seq 0.5 0.5 2
basename /usr/share/doc/file.txt .txt
dirname /usr/share/doc/file.txt
printf '%s\n' "$HOME" > /dev/null && echo "home is set"
id -u > uid.txt && [ -s uid.txt ] && echo "id works"
uname -s
cd / && pwd && cd - > /dev/null
test -x /bin/busybox && echo "busybox is executable"
yes | head -n 3
true
