package publish

import (
	"testing"
	"unicode/utf8"
)

// FuzzPrepareBody cleans any body in every format and reads the result as
// a browser would: whatever comes in, nothing live comes out (liveParts),
// and cleaning never panics. Its seeds are the OWASP cheat sheet's vectors,
// so the normal run replays them.
func FuzzPrepareBody(f *testing.F) {
	for _, v := range readVectors(f, "testdata/xss-vectors.txt") {
		f.Add(v, "html")
	}
	f.Add("# 标题\n\n[链接](javascript:alert(1)) ![图](chart.jpg)", "md")
	f.Add("第一行\n<script>alert(1)</script>", "txt")
	f.Fuzz(func(t *testing.T, body, format string) {
		if !utf8.ValidString(body) {
			return // bodies reach the cleaner as text read from UTF-8 files and forms
		}
		switch format {
		case "html", "md", "txt":
		default:
			format = "html"
		}
		content, _, _ := prepareBody(body, format, map[string][]byte{"chart.jpg": testImage})
		if bad := liveParts(content); len(bad) > 0 {
			t.Fatalf("%q (%s) cleaned to %q, which keeps %q", body, format, content, bad)
		}
	})
}
