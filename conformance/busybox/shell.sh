# The shell itself: pipes, redirections, here-docs, substitution, subshells, functions.
echo "pipes: $(printf 'c\nb\na\n' | sort | tr '\n' ' ')"
echo one > out.txt
echo two >> out.txt
cat < out.txt
ls /nonexistent-path 2> err.txt; echo "ls failed with $?"
[ -s err.txt ] && echo "stderr was captured"
{ echo to-stderr 1>&2; } 2>&1 | tr a-z A-Z
cat <<END
here-doc with $((2 + 3)) and $(echo substitution)
END
cat <<'END'
quoted here-doc: $HOME stays
END
x=outer
( x=inner; echo "subshell sees $x" )
echo "parent still has $x"
greet() { echo "hello, $1 ($#)"; return 3; }
greet world two
echo "function returned $?"
count=0
while [ $count -lt 5 ]; do count=$((count + 1)); done
echo "count=$count"
for w in alpha beta gamma; do printf '%s;' "$w"; done; echo
case "file.tar.gz" in *.gz) echo "case matched";; *) echo "no";; esac
set -- a b c
echo "positional: $# $2 $*"
IFS=: read -r first rest <<END
one:two:three
END
echo "read: $first / $rest"
echo "nested: $(echo "$(echo deep)")"
test -d . && echo "test -d works"
[ "abc" = "abc" ] && [ 3 -gt 2 ] && echo "brackets work"
false || echo "or-list"
true && echo "and-list"
exit 4
