package content

import (
	"bytes"
	"encoding/csv"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/registry"
)

// The columns of a lists file, and the names the 类型 column takes.
var (
	fileHeader = []string{"类型", "词语", "更正为", "说明"}
	kindNames  = map[string]string{
		"屏蔽词": EntryBlocked, "禁用词": EntryBlocked, "blocked": EntryBlocked,
		"敏感词": EntrySensitive, "sensitive": EntrySensitive,
		"错误表述": EntryCorrection, "易错词": EntryCorrection, "correction": EntryCorrection,
		"允许域名": EntryHost, "域名白名单": EntryHost, "host": EntryHost,
	}
	kindLabels = map[string]string{EntryBlocked: "屏蔽词", EntrySensitive: "敏感词", EntryCorrection: "错误表述", EntryHost: "允许域名"}
)

// ReadFile reads a lists file (xlsx or csv, the columns 类型, 词语, 更正为,
// 说明 under a header row) into entries. Errors: EINVALID, with every bad
// row as FieldErrors.
func ReadFile(name string, data []byte) ([]Entry, error) {
	rows, err := fileRows(name, data)
	if err != nil {
		return nil, err
	}
	head, cols := headerRow(rows)
	if head < 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "wordlist.no_header")
	}
	var out []Entry
	var errs govmedia.FieldErrors
	for i, r := range rows[head+1:] {
		cell := func(c string) string {
			if j, ok := cols[c]; ok && j < len(r) {
				return strings.TrimSpace(registry.SheetValue(r[j]))
			}
			return ""
		}
		if cell("类型") == "" && cell("词语") == "" {
			continue
		}
		kind, ok := kindNames[strings.ToLower(cell("类型"))]
		if !ok {
			errs = append(errs, govmedia.FieldError{Row: head + i + 2, Column: "类型", Err: govmedia.Errorf(govmedia.EINVALID, "wordlist.bad_kind", "value", cell("类型"))})
			continue
		}
		out = append(out, Entry{Kind: kind, Word: cell("词语"), Correction: cell("更正为"), Note: cell("说明")})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, checkEntries(out)
}

func fileRows(name string, data []byte) ([][]string, error) {
	if strings.ToLower(filepath.Ext(name)) != ".xlsx" {
		return registry.CSVRows(data)
	}
	f, err := registry.OpenXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "wordlist.no_header")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
	}
	return rows, nil
}

// headerRow finds the row naming 类型 and 词语 (a title may stand above).
func headerRow(rows [][]string) (int, map[string]int) {
	for i, r := range rows {
		cols := map[string]int{}
		for j, c := range r {
			cols[strings.TrimSpace(c)] = j
		}
		_, kind := cols["类型"]
		_, word := cols["词语"]
		if kind && word {
			return i, cols
		}
	}
	return -1, nil
}

// checkEntries refuses an entry without a word, a correction without what
// it should read, and a word listed twice with the same kind.
func checkEntries(entries []Entry) error {
	var errs govmedia.FieldErrors
	seen := map[string]int{}
	for i, e := range entries {
		row := i + 1
		bad := func(col, key string, args ...any) {
			errs = append(errs, govmedia.FieldError{Row: row, Column: col, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
		}
		switch {
		case e.Word == "" || len([]rune(e.Word)) > 200:
			bad("词语", "wordlist.bad_word")
		case e.Kind == EntryCorrection && e.Correction == "":
			bad("更正为", "wordlist.no_correction", "word", e.Word)
		case e.Kind != EntryCorrection && e.Correction != "":
			bad("更正为", "wordlist.correction_only", "word", e.Word)
		}
		key := e.Kind + "\x1f" + e.Word
		if first, dup := seen[key]; dup {
			bad("词语", "wordlist.twice", "word", e.Word, "first", first)
		}
		seen[key] = row
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// WriteFile writes entries as a lists file, xlsx or csv, that ReadFile
// reads back as the same; no cell runs as a formula.
func WriteFile(w io.Writer, format string, entries []Entry) error {
	rows := [][]string{fileHeader}
	for _, e := range entries {
		rows = append(rows, []string{kindLabels[e.Kind], registry.SheetCell(e.Word), registry.SheetCell(e.Correction), registry.SheetCell(e.Note)})
	}
	switch format {
	case "csv":
		var buf bytes.Buffer
		buf.WriteString("\xef\xbb\xbf")
		cw := csv.NewWriter(&buf)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			row := make([]any, len(r))
			for j, v := range r {
				row[j] = v
			}
			if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
				return err
			}
		}
		return f.Write(w)
	}
	return govmedia.Errorf(govmedia.EINVALID, "wordlist.format", "format", format)
}
