// The Go runtime under Helctic (issue 15): goroutines, a ticker and timers (epoll, futexes),
// signal.Notify, os.Pipe, files, os/exec. Built by the test with the host's golang-go
// (CGO_ENABLED=0, a static binary), run natively and under Helctic: the same output.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	// goroutines and a WaitGroup
	var wg sync.WaitGroup
	results := make([]int, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := 0
			for j := 0; j <= i*1000; j++ {
				s += j % 7
			}
			results[i] = s
		}(i)
	}
	wg.Wait()
	fmt.Println("goroutines:", results[15], results[3])

	// a ticker and a timer
	t := time.NewTicker(3 * time.Millisecond)
	n := 0
	timeout := time.After(2 * time.Second)
loop:
	for {
		select {
		case <-t.C:
			n++
			if n == 5 {
				break loop
			}
		case <-timeout:
			break loop
		}
	}
	t.Stop()
	fmt.Println("ticks:", n)

	// signal.Notify
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-ch:
		fmt.Println("signal:", s)
	case <-time.After(5 * time.Second):
		fmt.Println("signal: none")
	}

	// an os.Pipe between goroutines
	r, w, _ := os.Pipe()
	go func() {
		fmt.Fprint(w, "through a pipe")
		w.Close()
	}()
	b, _ := io.ReadAll(r)
	fmt.Println("pipe:", string(b))

	// files
	dir, _ := os.MkdirTemp("", "gotest")
	for _, name := range []string{"b", "a", "c"} {
		os.WriteFile(dir+"/"+name, []byte(name+name), 0644)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	data, _ := os.ReadFile(dir + "/c")
	fmt.Println("files:", strings.Join(names, ","), string(data))
	os.RemoveAll(dir)

	// os/exec
	if len(os.Args) > 1 {
		out, err := exec.Command(os.Args[1], "from a child").Output()
		fmt.Printf("exec: %q %v\n", strings.TrimSpace(string(out)), err)
	}
}
