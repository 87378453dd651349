package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	osuser "os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// newcomer runs the built govmedia binary as a person who has just cloned
// the repository: from the clone's folder inside a home of mode 0700, with
// no DATABASE_URL, as this process's user or as another.
type newcomer struct {
	t    *testing.T
	bin  string              // the binary, in a folder anyone may enter
	home string              // mode 0700
	work string              // the clone: commands run here, and ./data is under it
	cred *syscall.Credential // nil: as this process's user
	env  []string
}

// newNewcomer builds the binary and makes the home, owned by who (nil:
// this process's user).
func newNewcomer(t *testing.T, who *syscall.Credential) *newcomer {
	t.Helper()
	n := &newcomer{t: t, bin: buildGovmedia(t), cred: who}
	n.home = openTempDir(t, "govmedia-home-", 0o700)
	n.work = filepath.Join(n.home, "govmedia")
	if err := os.Mkdir(n.work, 0o755); err != nil {
		t.Fatal(err)
	}
	if who != nil {
		for _, dir := range []string{n.home, n.work} {
			if err := os.Chown(dir, int(who.Uid), int(who.Gid)); err != nil {
				t.Fatal(err)
			}
		}
	}
	n.env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + n.home, "LANG=zh_CN.UTF-8",
		"GOVMEDIA_HTTP_ADDR=" + freeAddr(t), "GOVMEDIA_METRICS_ADDR=" + freeAddr(t)}
	t.Cleanup(n.removeOwnFolders)
	return n
}

// built is the binary the tests of this run share: building takes a
// while, and every test runs the same one. TestMain removes its folder.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

// buildGovmedia builds the binary into a folder anyone may enter, once.
func buildGovmedia(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "govmedia-bin-"); built.err != nil {
			return
		}
		if built.err = os.Chmod(built.dir, 0o755); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "govmedia")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// removeBuilt removes the shared binary, at the end of the run.
func removeBuilt() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// openTempDir is a temporary folder of the given mode, removed at the end.
func openTempDir(t *testing.T, prefix string, mode os.FileMode) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err == nil {
		err = os.Chmod(dir, mode)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// removeOwnFolders removes the folders under /var/tmp that the private
// PostgreSQL was moved to (their notes are in the data directories).
func (n *newcomer) removeOwnFolders() {
	notes, _ := filepath.Glob(filepath.Join(n.work, "data", "*postgres.location"))
	more, _ := filepath.Glob(filepath.Join(n.work, "data", "*", "postgres.location"))
	for _, note := range append(notes, more...) {
		if raw, err := os.ReadFile(note); err == nil && strings.HasPrefix(strings.TrimSpace(string(raw)), "/") {
			os.RemoveAll(strings.TrimSpace(string(raw)))
		}
	}
}

// addr is GOVMEDIA_HTTP_ADDR.
func (n *newcomer) addr() string {
	for _, kv := range n.env {
		if v, ok := strings.CutPrefix(kv, "GOVMEDIA_HTTP_ADDR="); ok {
			return "http://" + v
		}
	}
	return ""
}

// command prepares args to run in the clone, as the newcomer.
func (n *newcomer) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = n.work, n.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: n.cred}
	return cmd
}

// run runs a command to its end and returns what it printed, failing the
// test when it fails.
func (n *newcomer) run(name string, args ...string) string {
	n.t.Helper()
	out, err := n.command(name, args...).CombinedOutput()
	if err != nil {
		n.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// process is a long-running govmedia command.
type process struct {
	t    *testing.T
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// start runs govmedia with args in the background and waits until it
// answers on path; it is killed, with what it started, when the test ends.
func (n *newcomer) start(path string, args ...string) *process {
	n.t.Helper()
	p := &process{t: n.t, cmd: n.command(n.bin, args...), logs: new(syncBuffer), done: make(chan error, 1)}
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	n.t.Cleanup(func() { _ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL) })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if resp, err := http.Get(n.addr() + path); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case err := <-p.done:
			n.t.Fatalf("govmedia %s ended (%v) before answering %s:\n%s", strings.Join(args, " "), err, path, p.logs)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("govmedia %s never answered %s:\n%s", strings.Join(args, " "), path, p.logs)
		}
	}
}

// stop sends SIGTERM and expects a clean end within 30 s.
func (p *process) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Fatalf("stopped with SIGTERM, it ended with %v:\n%s", err, p.logs)
		}
	case <-time.After(30 * time.Second):
		p.t.Fatalf("still running 30 s after SIGTERM:\n%s", p.logs)
	}
}

// kill ends the process with SIGKILL, as a crash or an impatient person
// would, and waits for it.
func (p *process) kill() {
	p.t.Helper()
	_ = p.cmd.Process.Kill()
	<-p.done
}

// ordinaryUser is someone who is not root, made for the test when it runs
// as root (and removed afterwards); nil when this process is not root, so
// that it is itself the ordinary user.
func ordinaryUser(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	if _, err := exec.LookPath("useradd"); err != nil {
		t.Skip("running as root without useradd: cannot make an ordinary user to run as")
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "gmtest" + hex.EncodeToString(b[:])
	if out, err := exec.Command("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("userdel", name).Run() })
	u, err := osuser.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// get reads a page of the running service.
func (n *newcomer) get(path string) string {
	n.t.Helper()
	resp, err := http.Get(n.addr() + path)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		n.t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return string(body)
}

// httpPost posts a JSON body and returns the answer's body, an error
// unless it is 200.
func httpPost(url string, body []byte) ([]byte, error) {
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("POST %s: %s: %s", url, resp.Status, out)
	}
	return out, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
