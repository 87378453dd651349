package wechat

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// MaxBody is the largest body a callback reads. WeChat's messages and
// events are a few kilobytes at most (a mass send's finish event lists its
// articles' URLs); anything bigger is refused unread.
const MaxBody = 64 << 10

// maxDepth bounds the nesting of a message's elements: WeChat's go three
// deep (PublishEventInfo > article_detail > item).
const maxDepth = 8

var (
	errMalformed = errors.New("malformed XML")
	errDirective = errors.New("XML with a DOCTYPE or other directive")
)

// decodeXML parses one WeChat message into v. It refuses what WeChat never
// sends and what only an attacker would: a DOCTYPE or any other <!…>
// directive (entity declarations live there), processing instructions
// other than the XML declaration, entities other than XML's five, nesting
// deeper than maxDepth, and anything after the root element.
func decodeXML(body []byte, v any) error {
	if err := checkXML(body); err != nil {
		return err
	}
	if err := xml.Unmarshal(body, v); err != nil {
		return errMalformed
	}
	return nil
}

// checkXML reads the tokens of body, refusing those decodeXML refuses.
func checkXML(body []byte) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true // undeclared entities are errors, as are unclosed elements
	depth, roots := 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return errMalformed
		}
		switch t := tok.(type) {
		case xml.Directive:
			return errDirective
		case xml.ProcInst:
			if t.Target != "xml" || roots > 0 || depth > 0 {
				return errMalformed
			}
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			if depth++; depth > maxDepth || roots > 1 {
				return errMalformed
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errMalformed
			}
		}
	}
	if roots != 1 || depth != 0 {
		return errMalformed
	}
	return nil
}
