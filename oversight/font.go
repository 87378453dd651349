package oversight

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"

	"govmedia"
)

// FontEnv names the variable that may point at a font with Chinese
// glyphs (TTF, OTF or a TTC collection) for the bulletin's chart.
const FontEnv = "GOVMEDIA_FONT"

// fontCandidates are where Debian's Chinese fonts live (fonts-wqy-microhei
// first: small, with Latin letters and digits as well).
var fontCandidates = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
}

var (
	chartFontOnce sync.Once
	chartFont     font.Font
	chartFace     *opentype.Font
	chartFontErr  error
)

// chineseFont loads, once, the font the chart draws its Chinese labels
// with, into gonum/plot's font cache. Errors: EINVALID naming what to
// install when none is found, so that a chart never shows empty boxes.
func chineseFont() (font.Font, error) {
	chartFontOnce.Do(func() {
		paths := fontCandidates
		if p := os.Getenv(FontEnv); p != "" {
			paths = []string{p}
		}
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			face, err := parseFont(raw)
			if err != nil {
				chartFontErr = err
				continue
			}
			chartFont, chartFace = font.Font{Typeface: "govmedia-cjk"}, face
			font.DefaultCache.Add([]font.Face{{Font: chartFont, Face: face}})
			chartFontErr = nil
			return
		}
		chartFontErr = govmedia.Errorf(govmedia.EINVALID, "oversight.no_font", "paths", strings.Join(paths, ", "))
	})
	return chartFont, chartFontErr
}

// parseFont reads a TTF or OTF, or the first font of a TTC collection
// (copied out with its tables on 4-byte boundaries, as x/image requires
// and Debian's collections do not keep).
func parseFont(raw []byte) (*opentype.Font, error) {
	if len(raw) >= 4 && string(raw[:4]) == "ttcf" {
		single, err := fontFromCollection(raw, 0)
		if err != nil {
			return nil, err
		}
		raw = single
	}
	return opentype.Parse(raw)
}

// fontFromCollection copies font i of a TrueType collection into a font
// file of its own.
func fontFromCollection(ttc []byte, i int) ([]byte, error) {
	broken := errors.New("a broken font collection")
	n := int(binary.BigEndian.Uint32(ttc[8:12]))
	if len(ttc) < 12 || i >= n || len(ttc) < 12+4*n {
		return nil, broken
	}
	dir := int(binary.BigEndian.Uint32(ttc[12+4*i:]))
	if dir+12 > len(ttc) {
		return nil, broken
	}
	tables := int(binary.BigEndian.Uint16(ttc[dir+4:]))
	head := 12 + 16*tables
	if dir+head > len(ttc) {
		return nil, broken
	}
	out := append([]byte(nil), ttc[dir:dir+head]...)
	for t := range tables {
		rec := out[12+16*t:]
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off+length > len(ttc) || off < 0 || length < 0 {
			return nil, broken
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, ttc[off:off+length]...)
	}
	return out, nil
}

// MissingGlyphs lists the runes of texts the chart's font has no glyph
// for (they would be drawn as empty boxes).
func MissingGlyphs(texts ...string) ([]rune, error) {
	if _, err := chineseFont(); err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	var out []rune
	for _, t := range texts {
		for _, r := range t {
			if i, err := chartFace.GlyphIndex(&buf, r); err != nil || (i == 0 && !unicode.IsSpace(r)) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}
