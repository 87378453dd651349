package catalog

import (
	"errors"

	"govmedia"
	"govmedia/registry"
)

// table is one sheet of a file, row one of its non-empty rows: merged
// cells hold their range's value, marked as not their own (see
// registry.ReadTables, which reads the register's files too).
type (
	table = registry.Table
	row   = registry.Row
)

// readTables reads every sheet of an xlsx file, or the one table of a CSV,
// within the template's bounds.
func readTables(name string, data []byte) ([]table, error) {
	tables, err := registry.ReadTables(name, data, registry.TableLimits{Rows: maxRows, Columns: maxColumns, Merges: maxMerges})
	var e *govmedia.Error
	switch {
	case errors.As(err, &e) && e.Key == "sheet.too_many_rows":
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog_import.too_many_rows", "limit", maxRows)
	case errors.As(err, &e) && e.Key == "sheet.too_many_merges":
		return nil, govmedia.Errorf(govmedia.EINVALID, "catalog_import.too_many_merges", "limit", maxMerges)
	}
	return tables, err
}
