# Processes: background jobs and wait, kill -9 (137), traps, timeout, set -e.
sleep 0.2 &
p=$!
wait $p
echo "background sleep: $?"
(exit 7) &
wait $!
echo "background exit: $?"
sleep 10 &
victim=$!
kill -9 $victim
wait $victim
echo "killed with -9: $?"
sleep 10 &
victim=$!
kill $victim
wait $victim
echo "killed with TERM: $?"
trap 'echo "trap on USR1"' USR1
kill -USR1 $$
echo "after the trap"
trap - USR1
timeout 1 sleep 5
echo "timeout: $?"
timeout 5 true
echo "timeout, finished in time: $?"
sh -c 'set -e; echo before; false; echo never'
echo "set -e: $?"
sh -c 'exit 42'
echo "child sh: $?"
trap 'echo "EXIT trap ran"' EXIT
echo end
