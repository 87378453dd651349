package oversight

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/registry"
)

// WriteXLSX writes the bulletin as a workbook: the figures of every
// government with its rank, the accounts past the two-week line, and how
// the score is weighed. Text cells are never formulas (registry.SheetCell).
func (b *Bulletin) WriteXLSX(w io.Writer, lang govmedia.Language) error {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		key  string
		rows [][]any
	}{
		{"oversight.sheet.figures", b.figureRows(lang)},
		{"oversight.sheet.silent", b.silentRows(lang)},
		{"oversight.sheet.weights", b.weightRows(lang)},
	}
	for i, s := range sheets {
		name := govmedia.Print(lang, s.key)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeRows(f, name, s.rows); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

func writeRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		values := make([]any, len(row))
		for j, v := range row {
			if s, ok := v.(string); ok {
				v = registry.SheetCell(s)
			}
			values[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	}
	return nil
}

// figureRows are the title, the header and a row per government, by rank.
func (b *Bulletin) figureRows(lang govmedia.Language) [][]any {
	header := []any{govmedia.Print(lang, "oversight.col.rank")}
	for _, c := range columns {
		header = append(header, govmedia.Print(lang, c.key))
	}
	rows := [][]any{{b.Title(lang)}, header}
	for _, r := range b.Ranked() {
		row := []any{r.Rank}
		for _, c := range columns {
			row = append(row, c.value(r.Figures))
		}
		rows = append(rows, row)
	}
	return rows
}

// silentRows list the accounts past the two-week line when measured.
func (b *Bulletin) silentRows(lang govmedia.Language) [][]any {
	rows := [][]any{{govmedia.Print(lang, "oversight.silent_title", "at", govmedia.FormatTime(b.At))}, {
		govmedia.Print(lang, "oversight.col.government"), govmedia.Print(lang, "oversight.col.account"),
		govmedia.Print(lang, "oversight.col.platform"), govmedia.Print(lang, "oversight.col.last_update"),
		govmedia.Print(lang, "oversight.col.days"),
	}}
	for _, f := range b.Governments {
		for _, s := range f.PastTwoWeeks {
			rows = append(rows, []any{f.Government.Name, s.Name, govmedia.Print(lang, "platform."+string(s.Platform)), govmedia.FormatTime(s.LastUpdate), s.Days})
		}
	}
	return rows
}

// weightRows say how the score is weighed.
func (b *Bulletin) weightRows(lang govmedia.Language) [][]any {
	w := b.Weights
	rows := [][]any{{govmedia.Print(lang, "oversight.weights_title")}, {govmedia.Print(lang, "oversight.col.measure"), govmedia.Print(lang, "oversight.col.weight")}}
	for _, m := range []struct {
		key string
		v   float64
	}{
		{"oversight.weight.catalogs", w.Catalogs}, {"oversight.weight.deliveries", w.Deliveries}, {"oversight.weight.liveness", w.Liveness},
		{"oversight.weight.interaction", w.Interaction}, {"oversight.weight.reports", w.Reports}, {"oversight.weight.decisions", w.Decisions},
		{"oversight.weight.early_bonus", w.EarlyBonus}, {"oversight.weight.late_penalty", w.LatePenalty},
	} {
		rows = append(rows, []any{govmedia.Print(lang, m.key), m.v})
	}
	return rows
}

// Title names the bulletin: 2026年第三季度政务新媒体工作情况通报.
func (b *Bulletin) Title(lang govmedia.Language) string {
	return govmedia.Print(lang, "oversight.bulletin_title", "year", b.Quarter.Year, "quarter", govmedia.Text(fmt.Sprintf("oversight.quarter.%d", b.Quarter.Q)))
}
