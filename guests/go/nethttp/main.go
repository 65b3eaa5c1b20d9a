// Go's net/http under Helctic (issue 16): a server and a client in one process over the loopback
// (TCP through the host's stack, the netpoller on epoll), plus a UDP round trip and a unix-socket
// server. Built by the test with the host's golang-go (CGO_ENABLED=0), run natively and under
// Helctic: the same output.
package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Test", "yes")
		fmt.Fprintf(w, "hello %s via %s", r.URL.Query().Get("name"), r.Method)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		w.Write(bytes.ToUpper(body))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()

	resp, err := http.Get(base + "/hello?name=gopher")
	if err != nil {
		fmt.Println("get:", err)
		os.Exit(1)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("GET", resp.StatusCode, resp.Header.Get("X-Test"), string(body))

	resp, err = http.Post(base+"/echo", "text/plain", strings.NewReader("shout this"))
	if err != nil {
		fmt.Println("post:", err)
		os.Exit(1)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("POST", resp.StatusCode, string(body))

	// many requests at once over the keep-alive pool
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []string
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := http.Get(fmt.Sprintf("%s/hello?name=n%02d", base, i))
			if err != nil {
				mu.Lock()
				got = append(got, "error "+err.Error())
				mu.Unlock()
				return
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			mu.Lock()
			got = append(got, string(b))
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	sort.Strings(got)
	fmt.Println("parallel", len(got), got[0], got[len(got)-1])

	resp, err = http.Get(base + "/missing")
	if err == nil {
		resp.Body.Close()
		fmt.Println("missing", resp.StatusCode)
	}

	// a refused connection
	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := dead.Addr().String()
	dead.Close()
	_, err = net.Dial("tcp", addr)
	fmt.Println("refused:", err != nil && strings.Contains(err.Error(), "connection refused"))

	// UDP
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	c, _ := net.Dial("udp", pc.LocalAddr().String())
	c.Write([]byte("datagram"))
	buf := make([]byte, 64)
	n, from, _ := pc.ReadFrom(buf)
	pc.WriteTo([]byte("reply"), from)
	m, _ := c.Read(buf[n:])
	fmt.Println("udp", string(buf[:n]), string(buf[n:n+m]))

	// a unix-socket HTTP server
	dir, _ := os.MkdirTemp("", "nethttp")
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "s")
	uln, err := net.Listen("unix", sock)
	if err != nil {
		fmt.Println("unix listen:", err)
		os.Exit(1)
	}
	go http.Serve(uln, mux)
	client := &http.Client{Transport: &http.Transport{Dial: func(_, _ string) (net.Conn, error) { return net.Dial("unix", sock) }}}
	resp, err = client.Get("http://unix/hello?name=unix")
	if err != nil {
		fmt.Println("unix get:", err)
		os.Exit(1)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("unix", resp.StatusCode, string(body))
	srv.Close()
}
