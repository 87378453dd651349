package catalog_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/catalog"
)

// refusedWith parses a file the test expects refused as a whole, and
// checks the message key.
func refusedWith(t *testing.T, name string, data []byte, key string) {
	t.Helper()
	p, err := catalog.ParseTemplate(name, data, options(t, "compulsory-education"))
	var e *govmedia.Error
	if p != nil || !errors.As(err, &e) || e.Key != key {
		t.Fatalf("%s: got %v, %v; want it refused with %s", name, p, err, key)
	}
}

func TestACSVOfMoreThan20000RowsIsRefused(t *testing.T) {
	var b strings.Builder
	b.Write(csvFile("目录"))
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "%d,招生入学,事项%d,内容,,,县教育体育局,政府网站,√,,√,,√,\n", i+1, i)
	}
	refusedWith(t, "x.csv", []byte(b.String()), "catalog_import.too_many_rows")
}

// The bound holds for the workbook as a whole, not each sheet.
func TestAWorkbookOfMoreThan20000RowsIsRefused(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for s, name := range []string{"义务教育", "户籍管理"} {
		if s == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 10001; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			if err := sw.SetRow(cell, []any{i, "事项", "内容"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	refusedWith(t, "x.xlsx", buf.Bytes(), "catalog_import.too_many_rows")
}

// excelize joins overlapping merged ranges in time that grows with the
// square of their number: a sheet with more than a catalog has is refused
// before excelize reads them.
func TestAWorkbookWithTooManyMergedRangesIsRefused(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10001; i++ {
		top, _ := excelize.CoordinatesToCellName(1, 2*i-1)
		bottom, _ := excelize.CoordinatesToCellName(1, 2*i)
		if err := sw.MergeCell(top, bottom); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	refusedWith(t, "x.xlsx", buf.Bytes(), "catalog_import.too_many_merges")
}

func TestAFileWithoutTheTemplatesHeaderIsRefused(t *testing.T) {
	refusedWith(t, "x.csv", []byte("账号名称,平台\n官渡发布,微信公众号\n"), "catalog_import.no_table")
}

// The blank template, as the export writes it with no domain, has no item.
func TestTheBlankTemplateIsRefusedAsHoldingNoItem(t *testing.T) {
	var buf bytes.Buffer
	if err := catalog.WriteTemplateXLSX(&buf, catalog.Template{Org: "官渡区"}); err != nil {
		t.Fatal(err)
	}
	refusedWith(t, "x.xlsx", buf.Bytes(), "catalog_import.no_items")
}

func TestAnUnreadableWorkbookIsRefused(t *testing.T) {
	refusedWith(t, "x.xlsx", []byte("PK\x03\x04 not a zip"), "sheet.unreadable_xlsx")
}
