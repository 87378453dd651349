package deploy

import (
	"os"
	"path/filepath"
	"testing"

	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	removeBuilt()
	os.Exit(code)
}

// repoFile is the path of a file of the repository, which is the parent of
// this package's folder.
func repoFile(parts ...string) string {
	return filepath.Join(append([]string{".."}, parts...)...)
}

// testKey is a secret key for the tests (32 bytes, base64).
const testKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
