package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/catalog"
)

// downloadFormat is a file a catalog downloads as: the official template
// as Excel writes it, as CSV, or as JSON with its column names as keys.
type downloadFormat struct {
	ext, mime string
	write     func(io.Writer, catalog.Template) error
}

var downloadFormats = []downloadFormat{
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", catalog.WriteTemplateXLSX},
	{"csv", "text/csv; charset=utf-8", catalog.WriteTemplateCSV},
	{"json", "application/json; charset=utf-8", catalog.WriteTemplateJSON},
}

// downloadCatalog sends a current catalog as the official template, whole,
// written before it is sent so that a failure answers an error page.
func (s *Server) downloadCatalog(w http.ResponseWriter, r *http.Request, c publicCatalog, ext string) {
	var f *downloadFormat
	for i := range downloadFormats {
		if downloadFormats[i].ext == ext {
			f = &downloadFormats[i]
		}
	}
	if f == nil {
		s.errorPage(w, r, govmedia.Errorf(govmedia.ENOTFOUND, "catalog_pages.no_format"))
		return
	}
	if fresh(w, r, c.validator()) {
		return
	}
	items, err := s.catalog.ItemsBetween(r.Context(), c.version, 1, c.version.ItemCount)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var buf bytes.Buffer
	t := catalog.Template{Org: c.gov.Name, Domains: []catalog.TemplateDomain{{Domain: c.domain.Code, DomainName: c.domain.Name, Items: items}}}
	if err := f.write(&buf, t); err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Content-Disposition", attachment(c, ext))
	_, _ = w.Write(buf.Bytes())
}

// attachment names the file: in ASCII by codes for old browsers, in
// Chinese for the rest (RFC 6266): 五华区人民政府-义务教育-第2版.xlsx.
func attachment(c publicCatalog, ext string) string {
	n := strconv.Itoa(c.version.Number)
	ascii := c.gov.Code + "-" + c.domain.Code + "-v" + n + "." + ext
	name := c.gov.Name + "-" + c.domain.Name + "-第" + n + "版." + ext
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + attrChars(name)
}

// attrChars percent-encodes every byte of s but RFC 8187's attr-char.
func attrChars(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
