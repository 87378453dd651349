package postgres

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nobody is an unprivileged server user, as a root process picks.
var nobody = &user{uid: 65534, gid: 65534, name: "nobody", switchTo: true}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestAClosedDataDirectoryKeepsItsClusterInAFolderOfItsOwn: behind a folder
// of mode 0700 the cluster goes to a folder of its own, noted beside the
// data directory and found again; an open data directory keeps it.
func TestAClosedDataDirectoryKeepsItsClusterInAFolderOfItsOwn(t *testing.T) {
	home := t.TempDir() // mode 0700, as a home folder
	dir := filepath.Join(home, "clone", "data", "postgres")
	got, err := clusterDir(dir, nobody, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(got)) })
	if got == dir || !strings.HasPrefix(got, spoolRoot()+"/govmedia-") || filepath.Base(got) != "postgres" {
		t.Fatalf("cluster of a closed data directory at %s, want a folder of its own under %s", got, spoolRoot())
	}
	if !nobody.reaches(got) {
		t.Fatalf("the server's user cannot reach %s", got)
	}
	again, err := clusterDir(dir, nobody, quiet)
	if err != nil || again != got {
		t.Fatalf("second start: %s (%v), want the same %s", again, err, got)
	}

	open := filepath.Join(openDir(t), "data", "postgres")
	if got, err := clusterDir(open, nobody, quiet); err != nil || got != open {
		t.Fatalf("cluster of an open data directory at %s (%v), want %s", got, err, open)
	}
	if got, err := clusterDir(dir, &user{}, quiet); err != nil || got != dir {
		t.Fatalf("a server running as this process's user: cluster at %s (%v), want the data directory's %s", got, err, dir)
	}
}

// TestAGoneFolderStartsANewCluster: when the folder the note names is gone,
// a new one is made; a note naming a folder this process did not make (a
// link, or writable by others) is refused.
func TestAGoneFolderStartsANewCluster(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "postgres")
	first, err := clusterDir(dir, nobody, quiet)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Dir(first))
	second, err := clusterDir(dir, nobody, quiet)
	if err != nil || second == first {
		t.Fatalf("after the folder went: %s (%v), want a new folder", second, err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(second)) })

	open := openDir(t)
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(openDir(t), "link")
	if err := os.Symlink(filepath.Dir(second), link); err != nil {
		t.Fatal(err)
	}
	for _, planted := range []string{open, link, "relative/folder"} {
		if err := os.WriteFile(noteFile(dir), []byte(planted+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := clusterDir(dir, nobody, quiet); err == nil {
			t.Fatalf("a note naming %s gave the cluster %s, want a refusal", planted, got)
		}
	}
}

// openDir is a temporary folder anyone may enter.
func openDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "govmedia-open-")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
