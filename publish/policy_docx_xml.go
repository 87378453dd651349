package publish

import (
	"bytes"
	"encoding/xml"
	"io"
)

// xnode is an element of an XML part, by local names: WordprocessingML's
// prefixes (w:, r:, a:, wp:) vary between the programs that write it, its
// local names do not.
type xnode struct {
	name     string
	attrs    []xml.Attr
	children []*xnode
	text     string // the character data directly inside (w:t, w:instrText)
}

// maxXMLDepth bounds how deep a part's elements may nest; Word's own go a
// few dozen deep, tables in tables included.
const maxXMLDepth = 256

// parseXML reads a part into a tree of elements.
func parseXML(data []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	root := &xnode{}
	stack := []*xnode{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxXMLDepth {
				return nil, errTooDeep
			}
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(t)
		}
	}
}

var errTooDeep = xmlError("elements nested too deep")

type xmlError string

func (e xmlError) Error() string { return string(e) }

// child is the first child element named name, nil for none.
func (n *xnode) child(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// path follows child elements by name: n.path("pPr", "pStyle").
func (n *xnode) path(names ...string) *xnode {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// all is every element named name below n, in document order.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	var walk func(*xnode)
	walk = func(x *xnode) {
		for _, c := range x.children {
			if c.name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// attr is the value of the attribute with the local name name, "" for none.
func (n *xnode) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// on reads a WordprocessingML toggle such as <w:b/> or <w:b w:val="0"/>:
// present and not switched off.
func (n *xnode) on() bool {
	if n == nil {
		return false
	}
	switch n.attr("val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}
