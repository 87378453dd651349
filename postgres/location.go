package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// clusterDir is where the private cluster of dir lives: dir itself when the
// server's user can walk down to it, else a folder of its own under
// /var/tmp. The second case is a root process whose data directory lies
// inside a folder closed to others (a home folder of mode 0700): the server
// runs as an unprivileged user, who cannot enter it. The folder is named in
// a note beside dir (dir + ".location"), so that the next start finds the
// same cluster; what else the service keeps (its secret key, the
// sandbox's stand-ins) stays in the data directory.
func clusterDir(dir string, owner *user, log *slog.Logger) (string, error) {
	// The parent (the data directory) only needs to be passable for the
	// server's user, not readable: 0711.
	if err := os.MkdirAll(filepath.Dir(dir), 0o711); err != nil {
		return "", err
	}
	if !owner.switchTo || owner.reaches(dir) {
		return dir, nil
	}
	base, err := ownFolder(dir, log)
	if err != nil {
		return "", err
	}
	moved := filepath.Join(base, filepath.Base(dir))
	log.Info("the data directory is closed to the server's user, so the private PostgreSQL keeps its cluster in a folder of its own",
		"user", owner.name, "data", filepath.Dir(dir), "cluster", moved, "note", noteFile(dir))
	return moved, nil
}

// noteFile is the note naming where dir's cluster was moved.
func noteFile(dir string) string { return dir + ".location" }

// ownFolder returns the folder the note beside dir names, or makes a new
// one and writes the note. A note naming a folder that is gone (the system
// cleans /var/tmp of what nobody touched for weeks) starts a new cluster.
func ownFolder(dir string, log *slog.Logger) (string, error) {
	raw, err := os.ReadFile(noteFile(dir))
	switch {
	case err == nil:
		base := strings.TrimSpace(string(raw))
		err := checkOwnFolder(base)
		if err == nil {
			return base, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s names %s: %w", noteFile(dir), base, err)
		}
		log.Warn("the folder of the private PostgreSQL is gone: starting a new, empty cluster", "folder", base, "note", noteFile(dir))
	case !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	return newOwnFolder(dir)
}

// newOwnFolder makes a fresh folder for dir's cluster and notes it. The
// folder's name starts with a digest of dir, so a person can tell whose it
// is; its random end means nobody else can have made it beforehand.
func newOwnFolder(dir string) (string, error) {
	sum := sha256.Sum256([]byte(dir))
	base, err := os.MkdirTemp(spoolRoot(), "govmedia-"+hex.EncodeToString(sum[:6])+"-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(base, 0o711); err != nil { // passable for the server's user
		return "", err
	}
	tmp := noteFile(dir) + ".tmp"
	if err := os.WriteFile(tmp, []byte(base+"\n"), 0o644); err != nil {
		return "", err
	}
	return base, os.Rename(tmp, noteFile(dir))
}

// spoolRoot is where the folders go: /var/tmp, which survives a reboot,
// else the system's temporary folder.
func spoolRoot() string {
	if st, err := os.Stat("/var/tmp"); err == nil && st.IsDir() {
		return "/var/tmp"
	}
	return os.TempDir()
}

// checkOwnFolder refuses a folder this process did not make for itself:
// it must be a real folder (not a link), owned by this process's user and
// writable by nobody else.
func checkOwnFolder(base string) error {
	if !filepath.IsAbs(base) {
		return errors.New("not an absolute path")
	}
	st, err := os.Lstat(base)
	if err != nil {
		return err
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	switch {
	case !st.IsDir():
		return errors.New("not a folder")
	case !ok || int(sys.Uid) != os.Geteuid():
		return errors.New("owned by another user")
	case st.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("writable by others (mode %v)", st.Mode().Perm())
	}
	return nil
}

// reaches reports whether the user may walk down to path: every folder
// above it lets them pass (the owner, group or others' x bit, whichever
// applies to them).
func (u *user) reaches(path string) bool {
	return u.blockedAt(path) == ""
}

// blockedAt names the first folder above path the user may not pass, ""
// when there is none.
func (u *user) blockedAt(path string) string {
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		st, err := os.Stat(dir)
		if err != nil || !u.passes(st) {
			return dir
		}
		if dir == "/" || dir == "." {
			return ""
		}
	}
}

// passes reports whether the user may enter a folder.
func (u *user) passes(st os.FileInfo) bool {
	perm := st.Mode().Perm()
	sys, ok := st.Sys().(*syscall.Stat_t)
	switch {
	case !ok:
		return perm&0o001 != 0
	case sys.Uid == u.uid:
		return perm&0o100 != 0
	case sys.Gid == u.gid:
		return perm&0o010 != 0
	}
	return perm&0o001 != 0
}
