package catalog_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/catalog"
)

// header2 is the template's two header rows as a CSV writes them.
const header2 = "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,\n" +
	",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级\n"

const oneItem = "1,招生入学,招生计划,招生计划,,,县教育体育局,政府网站,√,,√,,√,\n"

func csvFile(title string, rows ...string) []byte {
	return []byte(title + "\n" + header2 + strings.Join(rows, ""))
}

// xlsxFile is a workbook of sheets, each the CSV text given.
func xlsxFile(t *testing.T, sheets map[string]string, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, line := range strings.Split(strings.TrimRight(sheets[name], "\n"), "\n") {
			cells := strings.Split(line, ",")
			values := make([]any, len(cells))
			for j, c := range cells {
				values[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &values); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTheDomainOptionServesAFileThatNamesNone(t *testing.T) {
	data := csvFile("官渡区基层政务公开标准目录", oneItem)
	got := mustParse(t, "x.csv", data, options(t, "compulsory-education"))
	if len(got.Domains) != 1 || got.Domains[0].Domain != "compulsory-education" || len(got.Domains[0].Items) != 1 {
		t.Fatalf("got %+v, want one item in compulsory-education", got.Domains)
	}
	want := []string{"!4!领域!catalog_import.domain_missing"}
	if errs := fieldErrors(t, "x.csv", data, options(t, "")); !reflect.DeepEqual(errs, want) {
		t.Errorf("without the option: %q, want %q", errs, want)
	}
}

func TestAFileNamingAnotherDomainThanTheOptionIsRefused(t *testing.T) {
	data := csvFile("官渡区义务教育领域基层政务公开标准目录", oneItem, oneItem)
	want := []string{"!4!领域!catalog_import.domain_conflict"}
	if errs := fieldErrors(t, "x.csv", data, options(t, "household-registration")); !reflect.DeepEqual(errs, want) {
		t.Errorf("got %q, want %q", errs, want)
	}
}

func TestAnUnknownDomainOptionIsRefused(t *testing.T) {
	_, err := catalog.ParseTemplate("x.csv", csvFile("目录", oneItem), options(t, "education"))
	var e *govmedia.Error
	if !errors.As(err, &e) || e.Key != "catalog_import.domain_unknown" {
		t.Fatalf("got %v, want catalog_import.domain_unknown", err)
	}
}

// A sheet named "5" or "社会救助、养老服务" holds two domains: without a
// 领域 column its items are in neither.
func TestASheetNamingSeveralDomainsNeedsADomainColumn(t *testing.T) {
	data := xlsxFile(t, map[string]string{"5.社会救助、养老服务": string(csvFile("目录", oneItem, oneItem))}, "5.社会救助、养老服务")
	want := []string{"5.社会救助、养老服务!4!领域!catalog_import.sheet_several_domains"}
	if errs := fieldErrors(t, "x.xlsx", data, options(t, "")); !reflect.DeepEqual(errs, want) {
		t.Errorf("got %q, want %q", errs, want)
	}
}

func TestADomainOnTwoSheetsIsRefused(t *testing.T) {
	sheet := string(csvFile("目录", oneItem))
	data := xlsxFile(t, map[string]string{"义务教育": sheet, "3": sheet}, "义务教育", "3")
	want := []string{"3!4!领域!catalog_import.domain_repeated"}
	if errs := fieldErrors(t, "x.xlsx", data, options(t, "")); !reflect.DeepEqual(errs, want) {
		t.Errorf("got %q, want %q", errs, want)
	}
}

func TestADomainCellNamingTwoDomainsIsRefused(t *testing.T) {
	lines := strings.SplitAfter(header2, "\n")
	data := []byte("目录\n领域," + lines[0] + "," + lines[1] + "社会救助、养老服务," + oneItem)
	want := []string{"!4!领域!catalog_import.domain_several"}
	if errs := fieldErrors(t, "x.csv", data, options(t, "")); !reflect.DeepEqual(errs, want) {
		t.Errorf("got %q, want %q", errs, want)
	}
}
