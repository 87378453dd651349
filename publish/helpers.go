package publish

import (
	"github.com/uptrace/bun/dialect/pgdialect"

	"govmedia/postgres"
)

// pgArray passes a Go slice as a PostgreSQL array.
func pgArray(v []string) any { return pgdialect.Array(v) }

var isNoRows = postgres.IsNoRows
