// Package postgres opens the service's database: a connection pool shared by
// bun and the job queue, and, when no DATABASE_URL is given, a private
// PostgreSQL server started from the binaries installed on the machine.
package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is a private PostgreSQL server running as a child process.
type Server struct {
	fast     bool   // trade durability for speed: for tests only
	dir      string // the cluster's data directory
	port     int
	password string
	cmd      *exec.Cmd
	exited   chan error
	log      *slog.Logger
}

// StartServer starts a private server whose cluster lives in dir, creating
// the cluster on first use and reusing it afterwards. When the process runs
// as root the server runs as an unprivileged user, since PostgreSQL refuses
// root; if that user cannot reach dir, the cluster lives in a folder of its
// own, noted beside dir (see clusterDir). The server stops when Stop is
// called or when this process dies.
func StartServer(ctx context.Context, dir string, log *slog.Logger) (*Server, error) {
	return startServer(ctx, dir, log, false)
}

// StartTestServer starts a private server like StartServer, but without
// waiting for the disk on commit: a crash may lose its data. For tests.
func StartTestServer(ctx context.Context, dir string, log *slog.Logger) (*Server, error) {
	return startServer(ctx, dir, log, true)
}

func startServer(ctx context.Context, dir string, log *slog.Logger, fast bool) (*Server, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	owner, err := serverUser()
	if err != nil {
		return nil, err
	}
	if dir, err = clusterDir(dir, owner, log); err != nil {
		return nil, err
	}
	s := &Server{dir: dir, log: log, fast: fast}
	if err := s.prepare(ctx, bin, owner); err != nil {
		return nil, err
	}
	shared, err := s.share(ctx)
	switch {
	case err != nil:
		return nil, err
	case shared:
		return s, nil
	}
	if err := s.clearStalePid(owner); err != nil {
		return nil, err
	}
	if err := s.start(ctx, bin, owner); err != nil {
		return nil, err
	}
	return s, nil
}

// PasswordFile holds the password of the server's "govmedia" login.
func (s *Server) PasswordFile() string { return s.dir + ".password" }

// Port is the server's TCP port on 127.0.0.1.
func (s *Server) Port() int { return s.port }

// URL is the connection string of the server's "postgres" database.
func (s *Server) URL() string { return s.DatabaseURL("postgres") }

// DatabaseURL is the connection string of one database on the server.
func (s *Server) DatabaseURL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("govmedia", s.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Stop shuts the server down (fast mode: open sessions are ended) and waits.
func (s *Server) Stop() error {
	if s.cmd == nil || s.cmd.Process == nil { // not ours, or not started
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exited:
		return nil
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		return errors.New("postgres did not stop within 30s; killed")
	}
}

func (s *Server) prepare(ctx context.Context, bin string, owner *user) error {
	if err := os.Mkdir(s.dir, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	if err := owner.chown(s.dir); err != nil {
		return err
	}
	pwFile := s.PasswordFile()
	pw, err := os.ReadFile(pwFile)
	if err == nil {
		s.password = strings.TrimSpace(string(pw))
	}
	if _, err := os.Stat(filepath.Join(s.dir, "PG_VERSION")); err == nil {
		if s.password == "" {
			return fmt.Errorf("%s exists but its password file %s is missing", s.dir, pwFile)
		}
		return s.clearStalePid(owner)
	}
	return s.initdb(ctx, bin, owner, pwFile)
}

func (s *Server) initdb(ctx context.Context, bin string, owner *user, pwFile string) error {
	s.password = randomHex(16)
	if err := os.WriteFile(pwFile, []byte(s.password+"\n"), 0o600); err != nil {
		return err
	}
	tmp, err := os.CreateTemp("", "govmedia-pw-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(s.password + "\n"); err != nil {
		return err
	}
	tmp.Close()
	if err := owner.chown(tmp.Name()); err != nil {
		return err
	}
	s.log.Info("creating a private PostgreSQL cluster", "dir", s.dir)
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", s.dir, "-U", "govmedia", "--pwfile", tmp.Name(),
		"--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C.UTF-8")
	owner.apply(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(pwFile)
		return fmt.Errorf("initdb in %s: %v: %s", s.dir, err, lastLines(out, 5))
	}
	return nil
}

// clearStalePid removes the pid file a killed server left behind, unless a
// server still runs on that cluster.
func (s *Server) clearStalePid(owner *user) error {
	pidFile := filepath.Join(s.dir, "postmaster.pid")
	if _, err := os.Stat(pidFile); err != nil || s.runningPort() != 0 {
		return nil
	}
	return os.Remove(pidFile)
}

// share reports whether another govmedia process (serve, say) runs the
// cluster, which this one then shares. A server still shutting down (its
// process was killed a moment ago, taking the server with it) is waited
// for, so that a start right after a crash starts the server anew.
func (s *Server) share(ctx context.Context) (bool, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		port := s.runningPort()
		if port == 0 {
			return false, nil
		}
		s.port = port
		if s.acceptsLogins(ctx) {
			return true, nil
		}
		if time.Now().After(deadline) {
			return false, fmt.Errorf("a PostgreSQL server runs on %s but does not accept our login", s.dir)
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// runningPort returns the port of a live server on the cluster, 0 if none.
func (s *Server) runningPort() int {
	raw, err := os.ReadFile(filepath.Join(s.dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	lines := strings.Split(string(raw), "\n")
	if len(lines) < 4 {
		return 0
	}
	pid, _ := strconv.Atoi(lines[0])
	port, _ := strconv.Atoi(strings.TrimSpace(lines[3]))
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return 0
	}
	return port
}

// StartAgain starts a server this process stopped, on the port it had, as
// an operator restarting PostgreSQL would: its clients find it where it was.
func (s *Server) StartAgain(ctx context.Context) error {
	if s.cmd == nil || s.port == 0 {
		return errors.New("postgres: StartAgain on a server this process did not start")
	}
	bin, err := findBinaries()
	if err != nil {
		return err
	}
	owner, err := serverUser()
	if err != nil {
		return err
	}
	return s.listen(ctx, bin, owner, s.port)
}

func (s *Server) start(ctx context.Context, bin string, owner *user) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	return s.listen(ctx, bin, owner, port)
}

// listen runs the server on port and waits until it takes logins.
func (s *Server) listen(ctx context.Context, bin string, owner *user, port int) error {
	s.port = port
	logFile, err := os.OpenFile(s.dir+".log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	args := []string{"-D", s.dir, "-p", strconv.Itoa(port), "-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "log_min_messages=warning"}
	if s.fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), args...)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	owner.apply(s.cmd)
	// Why: if this process dies without stopping the server, the kernel
	// tells the server to shut down (SIGINT is PostgreSQL's fast shutdown).
	s.cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("starting postgres: %w", err)
	}
	s.exited = make(chan error, 1)
	go func() { s.exited <- s.cmd.Wait(); logFile.Close() }()
	return s.waitReady(ctx)
}

func (s *Server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			s.exited <- err
			return fmt.Errorf("postgres exited at start (%v): %s", err, tailFile(s.dir+".log", 5))
		case <-ctx.Done():
			_ = s.Stop()
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if pingTCP(s.port) && s.acceptsLogins(ctx) {
			return nil
		}
	}
	_ = s.Stop()
	return errors.New("postgres did not become ready within 60s: " + tailFile(s.dir+".log", 5))
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
