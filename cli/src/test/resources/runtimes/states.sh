# Process states in /proc/PID/stat and status: a child sleeping in nanosleep (S), the shell
# waiting for it (S), the reader itself (R), the child stopped by SIGSTOP (T); as natively.
sleep 2 &
p=$!
sleep 0.5
echo "child $(cut -d' ' -f3 /proc/$p/stat) $(grep State /proc/$p/status)"
echo "shell $(cut -d' ' -f3 /proc/$$/stat) $(grep State /proc/$$/status)"
echo "self $(cut -d' ' -f3 /proc/self/stat)"
kill -STOP $p; sleep 0.3
echo "stopped $(cut -d' ' -f3 /proc/$p/stat) $(grep State /proc/$p/status)"
kill -CONT $p; kill $p; wait
