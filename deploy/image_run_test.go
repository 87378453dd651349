package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"govmedia/postgres/pgtest"
)

// The image's binary, run as the image runs it: as the Dockerfile's user,
// with the image's environment and no other (no HOME, no PATH), against a
// fresh database: `migrate`, then `serve` until /readyz answers, then a
// SIGTERM ends it cleanly.
func TestImageBinaryMigratesAndServesAsItsUser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the image is a Linux one: its binary runs only on Linux")
	}
	d := loadDockerfile(t)
	uid, gid := imageUser(t, d.final)
	env, err := d.final.env()
	if err != nil {
		t.Fatal(err)
	}
	// The image's addresses, on this machine's loopback and ports chosen by
	// the kernel: other tests may hold 8080 and 9090.
	env["GOVMEDIA_HTTP_ADDR"], env["GOVMEDIA_METRICS_ADDR"] = "127.0.0.1:0", "127.0.0.1:0"
	env["DATABASE_URL"] = pgtest.NewEmptyDatabaseURL(t)
	env["GOVMEDIA_SECRET_KEY"] = testKey
	bin := builtBinary(t)
	as := imageProcess{bin: bin, env: env, uid: uid, gid: gid}

	out, err := as.command("migrate").CombinedOutput()
	skipUnlessPermitted(t, err, uid)
	if err != nil {
		t.Fatalf("migrate as %d:%d: %v\n%s", uid, gid, err, out)
	}
	if !regexp.MustCompile(`applied [1-9]\d* migrations|已执行 [1-9]\d* 个迁移`).Match(out) {
		t.Fatalf("migrate on an empty database: %q, want it to apply the migrations", out)
	}
	s := as.start(t, "serve")
	httpAddr := s.waitLog(t, `msg="serving HTTP" addr=(\S+)`)
	metricsAddr := s.waitLog(t, `msg="serving metrics" addr=(\S+)`)
	if got := processUID(t, s.cmd.Process.Pid); os.Geteuid() == 0 && got != uid {
		t.Errorf("serve runs as UID %d, want the image's %d", got, uid)
	}
	waitStatus(t, "http://"+httpAddr+"/readyz", 200, 30*time.Second)
	waitStatus(t, "http://"+httpAddr+"/healthz", 200, time.Second)
	waitStatus(t, "http://"+metricsAddr+"/metrics", 200, time.Second)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.exited:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v, want exit status 0\n%s", err, s.log())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve has not exited 20 s after SIGTERM\n%s", s.log())
	}
	if !strings.Contains(s.log(), "shutting down") {
		t.Errorf("serve ended without shutting down in order:\n%s", s.log())
	}
}

// imageProcess runs the binary as the image would: with only the image's
// environment, and as its user when the tests may switch to it.
type imageProcess struct {
	bin      string
	env      map[string]string
	uid, gid uint32
}

func (p imageProcess) command(args ...string) *exec.Cmd {
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = "/"
	cmd.Env = []string{}
	for k, v := range p.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: p.uid, Gid: p.gid, Groups: []uint32{}}}
	}
	return cmd
}

// skipUnlessPermitted skips the test when this machine does not let root
// switch to another user (a container without CAP_SETUID): then the
// binary cannot be run as the image's user here at all.
func skipUnlessPermitted(t *testing.T, err error, uid uint32) {
	t.Helper()
	if errors.Is(err, syscall.EPERM) && os.Geteuid() == 0 {
		t.Skipf("this machine does not let root run a process as UID %d (%v): the image's user cannot be tried here", uid, err)
	}
}

// running is a started process whose standard error is collected.
type running struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	buf    bytes.Buffer
	grew   chan struct{} // signalled on every write
	exited chan error
}

func (r *running) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case r.grew <- struct{}{}:
	default:
	}
	return r.buf.Write(p)
}

func (r *running) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

func (p imageProcess) start(t *testing.T, args ...string) *running {
	t.Helper()
	r := &running{cmd: p.command(args...), grew: make(chan struct{}, 1), exited: make(chan error, 1)}
	r.cmd.Stdout, r.cmd.Stderr = r, r
	err := r.cmd.Start()
	skipUnlessPermitted(t, err, p.uid)
	if err != nil {
		t.Fatal(err)
	}
	go func() { r.exited <- r.cmd.Wait() }()
	t.Cleanup(func() {
		if r.cmd.ProcessState == nil {
			_ = r.cmd.Process.Kill()
		}
	})
	return r
}

// waitLog waits for a line of the log to match pattern and returns its
// first group.
func (r *running) waitLog(t *testing.T, pattern string) string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	deadline := time.After(30 * time.Second)
	for {
		if m := re.FindStringSubmatch(r.log()); m != nil {
			return m[1]
		}
		select {
		case <-r.grew:
		case err := <-r.exited:
			r.exited <- err
			t.Fatalf("the process ended (%v) before logging %s:\n%s", err, pattern, r.log())
		case <-deadline:
			t.Fatalf("no log line matched %s within 30 s:\n%s", pattern, r.log())
		}
	}
}

// waitStatus asks url until it answers want, for at most within.
func waitStatus(t *testing.T, url string, want int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: 2 * time.Second}
	last := "no answer"
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == want {
				return
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %s, want %d within %v", url, last, want, within)
		}
		time.Sleep(50 * time.Millisecond) // the next try of a condition polled with a deadline
	}
}

// processUID is the real UID a process runs as.
func processUID(t *testing.T, pid int) uint32 {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Uid:\s+(\d+)`).FindSubmatch(raw)
	if m == nil {
		t.Fatalf("no Uid line in /proc/%d/status", pid)
	}
	var uid uint32
	fmt.Sscan(string(m[1]), &uid)
	return uid
}
