package publish

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"path"
	"strings"

	"govmedia"
)

// A .docx is a zip of XML parts. These bound what converting one unpacks,
// so that a small file that inflates to gigabytes (a zip bomb) is refused
// before it is read: maxDocxUnzipped in all (by the sizes the zip states,
// and again as it is read, for a zip that lies), of which maxDocxXML for
// any one XML part held in memory. A policy of fifty pages with its
// pictures unpacks to a few MB.
const (
	maxDocxBytes    = 10 << 20
	maxDocxUnzipped = 64 << 20
	maxDocxXML      = 8 << 20
)

// docxPackage is what a conversion reads of a .docx: the zip and the
// parts named by the document's relationships.
type docxPackage struct {
	files map[string]*zip.File
	rels  map[string]docxRel // by relationship id, of word/document.xml
}

// docxRel is one relationship of the document: an image part or a link.
type docxRel struct {
	Target   string
	External bool
}

// DOCXToHTML converts a Word document (.docx, as Word, WPS and LibreOffice
// save it) to HTML for an article body: its paragraphs, headings, bold,
// italic, underline and struck text, lists, tables (merged cells kept) and
// links, with its JPEG and PNG pictures inline as data: URLs. The HTML is
// raw: it goes through the body sanitiser like any other. Errors: EINVALID
// (policy.docx_unreadable, policy.docx_too_large).
func DOCXToHTML(raw []byte) (string, error) {
	pkg, err := openDocx(raw)
	if err != nil {
		return "", err
	}
	doc, err := pkg.xml("word/document.xml")
	if err != nil {
		return "", err
	}
	body := doc.path("document", "body")
	if body == nil {
		return "", govmedia.Errorf(govmedia.EINVALID, "policy.docx_unreadable")
	}
	styles, err := pkg.xml("word/styles.xml")
	if err != nil {
		return "", err
	}
	numbering, err := pkg.xml("word/numbering.xml")
	if err != nil {
		return "", err
	}
	c := &docxConverter{pkg: pkg, styles: readDocxStyles(styles), lists: readDocxNumbering(numbering)}
	c.blocks(body.children)
	c.closeLists(0)
	return c.out.String(), c.err
}

func openDocx(raw []byte) (*docxPackage, error) {
	if len(raw) > maxDocxBytes {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_too_large", "limit", "10 MB")
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_unreadable")
	}
	pkg := &docxPackage{files: map[string]*zip.File{}, rels: map[string]docxRel{}}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		pkg.files[f.Name] = f
	}
	if total > maxDocxUnzipped {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_too_large", "limit", "10 MB")
	}
	return pkg, pkg.readRels()
}

// read unpacks one part, at most limit bytes of it; nil for a part the
// package does not have.
func (p *docxPackage) read(name string, limit int64) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_too_large", "limit", "10 MB")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_unreadable")
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	switch {
	case err != nil:
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_unreadable")
	case int64(len(data)) > limit:
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_too_large", "limit", "10 MB")
	}
	return data, nil
}

// xml reads one XML part as a tree; nil for a part the package lacks.
func (p *docxPackage) xml(name string) (*xnode, error) {
	data, err := p.read(name, maxDocxXML)
	if err != nil || data == nil {
		return nil, err
	}
	root, err := parseXML(data)
	if err != nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "policy.docx_unreadable")
	}
	return root, nil
}

func (p *docxPackage) readRels() error {
	root, err := p.xml("word/_rels/document.xml.rels")
	if err != nil || root == nil {
		return err
	}
	for _, r := range root.all("Relationship") {
		target := r.attr("Target")
		external := r.attr("TargetMode") == "External"
		if !external {
			target = path.Clean(path.Join("word", strings.TrimPrefix(target, "/word/")))
		}
		p.rels[r.attr("Id")] = docxRel{Target: target, External: external}
	}
	return nil
}

// image is a picture of the document as a data: URL, "" for one that is
// missing or external. A picture other than JPEG or PNG, or over WeChat's
// size, is kept as it is, for the sanitiser to refuse with its reason.
func (p *docxPackage) image(relID string) (string, error) {
	rel, ok := p.rels[relID]
	if !ok || rel.External {
		return "", nil
	}
	data, err := p.read(rel.Target, maxDocxXML)
	if err != nil || data == nil {
		return "", err
	}
	mime := map[string]string{"jpg": "image/jpeg", "png": "image/png", "": "image/" + strings.TrimPrefix(path.Ext(rel.Target), ".")}[imageType(data)]
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data), nil
}

// link is the address of an external link of the document, "" for others.
func (p *docxPackage) link(relID string) string {
	if rel, ok := p.rels[relID]; ok && rel.External {
		return rel.Target
	}
	return ""
}
