package registry

import "strings"

// Spreadsheets run a cell that starts with =, +, - or @ as a formula, and
// some take a leading tab or carriage return as the start of one: an
// account named =HYPERLINK(…) would run on the computer of whoever opens
// the export. As OWASP advises against CSV injection, exports put a single
// quote before such a cell, which makes it text. Imports take that quote
// off again: a cell that starts with a quote followed by one of those
// characters is read as the rest of the cell. A value that itself starts
// with a quote is quoted too, so that every value comes back as it went
// out: "'=1" is exported with a second quote before it and read back as "'=1".
const formulaStarts = "=+-@\t\r'"

// SheetCell is v as a spreadsheet cell that never runs as a formula.
func SheetCell(v string) string {
	if v != "" && strings.IndexByte(formulaStarts, v[0]) >= 0 {
		return "'" + v
	}
	return v
}

// SheetValue is the value a cell written by SheetCell stands for.
func SheetValue(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && strings.IndexByte(formulaStarts, cell[1]) >= 0 {
		return cell[1:]
	}
	return cell
}

// sheetCells applies SheetCell to a row.
func sheetCells(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = SheetCell(v)
	}
	return out
}
