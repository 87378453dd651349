package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	osuser "os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoBinaries says what to install when no PostgreSQL server is found.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found (initdb, postgres): install them (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL")

// findBinaries returns the directory holding initdb and postgres: PATH
// first, then the usual Debian and source-install places, newest version first.
func findBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	candidates, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(candidates, func(i, j int) bool { return versionOf(candidates[i]) > versionOf(candidates[j]) })
	candidates = append(candidates, "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin")
	for _, dir := range candidates {
		if isExecutable(filepath.Join(dir, "initdb")) && isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// user is who the server runs as; nil credentials mean this process's user.
type user struct {
	uid, gid uint32
	name     string
	switchTo bool
}

// serverUser picks the user the server runs as: this process's user, or,
// for root, "postgres" if it exists and else "nobody".
func serverUser() (*user, error) {
	if os.Geteuid() != 0 {
		return &user{}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := lookupUser(name)
		if err == nil {
			return u, nil
		}
	}
	return nil, errors.New("running as root, PostgreSQL needs an unprivileged user: create a \"postgres\" user or set DATABASE_URL")
}

func lookupUser(name string) (*user, error) {
	u, err := osUserLookup(name)
	if err != nil {
		return nil, err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &user{uid: uint32(uid), gid: uint32(gid), name: name, switchTo: true}, nil
}

var osUserLookup = osuser.Lookup

func (u *user) chown(path string) error {
	if !u.switchTo {
		return nil
	}
	if err := os.Chown(path, int(u.uid), int(u.gid)); err != nil {
		return err
	}
	return u.checkReachable(path)
}

// checkReachable fails early, with a reason, when the unprivileged user
// cannot walk down to path (a parent directory closed to them).
func (u *user) checkReachable(path string) error {
	if dir := u.blockedAt(path); dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return err
		}
		return fmt.Errorf("PostgreSQL runs as user %q, who cannot enter %s (mode %v)", u.name, dir, st.Mode().Perm())
	}
	return nil
}

func (u *user) apply(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if u.switchTo {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: u.uid, Gid: u.gid}
		cmd.Env = append(os.Environ(), "HOME=/tmp", "USER="+u.name)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func pingTCP(port int) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func (s *Server) acceptsLogins(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL())
	if err != nil {
		return false
	}
	conn.Close(ctx)
	return true
}

func tailFile(path string, n int) string {
	raw, _ := os.ReadFile(path)
	return lastLines(raw, n)
}

func lastLines(raw []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
