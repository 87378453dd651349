package registry_test

import (
	"os"
	"testing"

	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
