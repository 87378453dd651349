package wechattest

import "strings"

// page is the paging request of the batchget APIs: offset, count (1 to 20)
// and no_content (1 or true leaves article bodies out).
type page struct {
	Offset    int      `json:"offset"`
	Count     int      `json:"count"`
	NoContent flexBool `json:"no_content"`
}

func (p page) check() *apiError {
	if p.Offset < 0 || p.Count < 1 || p.Count > 20 {
		return fail(CodeInvalidArgs)
	}
	return nil
}

// bounds returns the slice of n items the page covers.
func (p page) bounds(n int) (lo, hi int) {
	lo = min(p.Offset, n)
	return lo, min(lo+p.Count, n)
}

// articles returns the articles as the page shows them.
func (p page) articles(list []Article) []Article {
	if !p.NoContent {
		return list
	}
	out := make([]Article, len(list))
	for i, a := range list {
		a.Content = ""
		out[i] = a
	}
	return out
}

// flexBool reads true/false or 1/0, since clients send both.
type flexBool bool

// UnmarshalJSON accepts true, false, 1, 0 and their quoted forms.
func (f *flexBool) UnmarshalJSON(b []byte) error {
	v := strings.Trim(string(b), `"`)
	*f = v == "true" || v == "1"
	return nil
}
