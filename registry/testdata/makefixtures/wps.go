package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WPS Office cannot run here. writeWPS writes a workbook with what WPS
// writes where it differs from Excel and can be reproduced, as public
// reports of readers that failed on WPS files describe it:
//
//   - zip entries named with backslashes (xl\worksheets\sheet1.xml);
//   - pictures embedded in cells (嵌入单元格图片): a 二维码 column whose cells
//     are _xlfn.DISPIMG("ID_…",1) formulas with the text =DISPIMG("ID_…",1)
//     as their value, and the pictures in xl/cellimages.xml (namespace
//     http://www.wps.cn/officeDocument/2017/etCustomData, linked from the
//     workbook with the relationship type
//     http://www.wps.cn/officeDocument/2020/cellImage);
//   - the KSOProductBuildVer property in docProps/custom.xml;
//   - phone numbers typed into cells not formatted as text, stored as
//     numbers; a name with part of it in bold, a shared string of runs.
//
// A dimension of A1 on every sheet whatever it holds, as WPS is reported
// to write, excelize writes too. What is not reproduced: WPS's own styles,
// theme and zip layout.
func writeWPS(wb workbook, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := fill(f, wb, true); err != nil {
		return err
	}
	first := wb.sheets[0]
	if err := addCellImages(f, first); err != nil {
		return err
	}
	if err := boldPart(f, first); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	out, err := asWPS(buf.Bytes())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}

// imageColumn is the column the 二维码 pictures go in: the first right of
// the sheet's header.
func imageColumn(s sheet) int { return len(s.rows[headerRow(s)]) + 1 }

// headerRow is the index of the first row with more than one cell.
func headerRow(s sheet) int {
	for i, r := range s.rows {
		if len(r) > 1 {
			return i
		}
	}
	return 0
}

// addCellImages puts a 二维码 header over the account rows (those with a
// number in the first cell) and a DISPIMG formula in each.
func addCellImages(f *excelize.File, s sheet) error {
	col := imageColumn(s)
	head, _ := excelize.CoordinatesToCellName(col, headerRow(s)+1)
	if err := f.SetCellValue(s.name, head, "二维码"); err != nil {
		return err
	}
	for i, r := range s.rows {
		if _, ok := r[0].(int); !ok || len(r) < 2 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(col, i+1)
		if err := f.SetCellFormula(s.name, cell, fmt.Sprintf(`_xlfn.DISPIMG("%s",1)`, imageID(i))); err != nil {
			return err
		}
	}
	return nil
}

func imageID(row int) string { return fmt.Sprintf("ID_%032X", row+1) }

// boldPart writes the first account's name with its first two characters
// in bold.
func boldPart(f *excelize.File, s sheet) error {
	for i, r := range s.rows {
		if _, ok := r[0].(int); ok && len(r) > 2 {
			name := []rune(r[2].(string))
			cell, _ := excelize.CoordinatesToCellName(3, i+1)
			return f.SetCellRichText(s.name, cell, []excelize.RichTextRun{
				{Text: string(name[:2]), Font: &excelize.Font{Bold: true}}, {Text: string(name[2:])}})
		}
	}
	return nil
}

var (
	cellType = regexp.MustCompile(` t="[^"]*"`)
	dispimg  = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*)><f>(_xlfn\.DISPIMG\(&#34;|_xlfn\.DISPIMG\(&quot;|_xlfn\.DISPIMG\(")(ID_[0-9A-F]+)[^<]*</f>(<v>[^<]*</v>)?</c>`)
)

// asWPS rewrites an excelize workbook's parts as WPS writes them.
func asWPS(book []byte) ([]byte, error) {
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	var ids []string
	for _, part := range z.File {
		data, err := readPart(part)
		if err != nil {
			return nil, err
		}
		switch {
		case strings.HasPrefix(part.Name, "xl/worksheets/sheet"):
			data = dispimg.ReplaceAllFunc(data, func(c []byte) []byte {
				m := dispimg.FindSubmatch(c)
				ids = append(ids, string(m[4]))
				return fmt.Appendf(nil, `<c r="%s"%s t="str"><f>_xlfn.DISPIMG(&quot;%s&quot;,1)</f><v>=DISPIMG(&quot;%s&quot;,1)</v></c>`,
					m[1], cellType.ReplaceAll(m[2], nil), m[4], m[4])
			})
		case part.Name == "[Content_Types].xml":
			data = bytes.Replace(data, []byte("</Types>"), []byte(`<Default Extension="png" ContentType="image/png"/>`+
				`<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/>`+
				`<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`), 1)
		case part.Name == "_rels/.rels":
			data = bytes.Replace(data, []byte("</Relationships>"), []byte(`<Relationship Id="rIdKso" `+
				`Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`), 1)
		case part.Name == "xl/_rels/workbook.xml.rels":
			data = bytes.Replace(data, []byte("</Relationships>"), []byte(`<Relationship Id="rIdCellImages" `+
				`Type="http://www.wps.cn/officeDocument/2020/cellImage" Target="cellimages.xml"/></Relationships>`), 1)
		}
		if err := writePart(zw, part.Name, data); err != nil {
			return nil, err
		}
	}
	for name, data := range map[string][]byte{
		"docProps/custom.xml": []byte(customXML), "xl/cellimages.xml": cellImagesXML(ids),
		"xl/_rels/cellimages.xml.rels": []byte(cellImagesRels), "xl/media/image1.png": onePixelPNG(),
	} {
		if err := writePart(zw, name, data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func readPart(part *zip.File) ([]byte, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// writePart writes a part under its name with backslashes.
func writePart(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.Create(strings.ReplaceAll(name, "/", `\`))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

const customXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>`

const cellImagesRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>`

// cellImagesXML lists one picture per DISPIMG id, all of the same image.
func cellImagesXML(ids []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData">`)
	for i, id := range ids {
		fmt.Fprintf(&b, `<etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="%d" name="%s" descr="二维码"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>`+
			`<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>`+
			`<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage>`, i+2, id)
	}
	b.WriteString(`</etc:cellImages>`)
	return []byte(b.String())
}

func onePixelPNG() []byte {
	png, err := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
	if err != nil {
		panic(err)
	}
	return png
}
