package publish

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// The CSS values an article's style attributes may hold. bluemonday
// lower-cases a value and decodes its CSS escapes before matching, so
// "\65 xpression(…)" is judged as "expression(…)"; none of these takes a
// function but rgb()/rgba(), a backslash, a comment or a url().
const (
	cssLength = `(0|-?([0-9]{1,4}(\.[0-9]{1,3})?|\.[0-9]{1,3})(px|em|rem|pt|%))`
	cssColor  = `(#[0-9a-f]{3,8}|rgba?\(\s*[0-9]{1,3}%?\s*(,\s*[0-9]{1,3}%?\s*){2}(,\s*(0|1|0?\.[0-9]{1,3})\s*)?\)|[a-z]{3,20})`
	cssBorder = `(none|0|(` + cssLength + `\s+)?(none|solid|dashed|dotted|double)(\s+` + cssColor + `)?)`
	cssSize   = `(auto|` + cssLength + `)`
)

func cssValue(pattern string) *regexp.Regexp { return regexp.MustCompile(`^(` + pattern + `)$`) }

// articleStyles are the CSS properties WeChat's editor writes into
// articles (colours, type, spacing, borders, boxes), each with the values
// it may take.
var articleStyles = []struct {
	properties []string
	values     *regexp.Regexp
}{
	{[]string{"color", "background-color", "border-color"}, cssValue(cssColor)},
	{[]string{"font-size"}, cssValue(cssLength + `|xx-small|x-small|small|medium|large|x-large|xx-large|smaller|larger`)},
	{[]string{"font-weight"}, cssValue(`normal|bold|bolder|lighter|[1-9]00`)},
	{[]string{"font-style"}, cssValue(`normal|italic|oblique`)},
	{[]string{"font-family"}, cssValue(`[\p{L}\p{N} ,'"-]{1,100}`)},
	{[]string{"text-align"}, cssValue(`left|right|center|justify|start|end`)},
	{[]string{"text-decoration", "text-decoration-line"}, cssValue(`(none|underline|overline|line-through)(\s+(underline|overline|line-through))*`)},
	{[]string{"text-indent"}, cssValue(cssLength)},
	{[]string{"line-height"}, cssValue(`normal|[0-9]{1,2}(\.[0-9]{1,3})?|` + cssLength)},
	{[]string{"letter-spacing", "word-spacing"}, cssValue(`normal|` + cssLength)},
	{[]string{"margin", "padding"}, cssValue(cssSize + `(\s+` + cssSize + `){0,3}`)},
	{[]string{"margin-top", "margin-right", "margin-bottom", "margin-left",
		"padding-top", "padding-right", "padding-bottom", "padding-left"}, cssValue(cssSize)},
	{[]string{"border", "border-top", "border-right", "border-bottom", "border-left"}, cssValue(cssBorder)},
	{[]string{"border-width"}, cssValue(cssLength + `(\s+` + cssLength + `){0,3}`)},
	{[]string{"border-style"}, cssValue(`none|solid|dashed|dotted|double`)},
	{[]string{"border-radius"}, cssValue(cssLength + `(\s+` + cssLength + `){0,3}`)},
	{[]string{"border-collapse"}, cssValue(`collapse|separate`)},
	{[]string{"width", "height", "min-width", "min-height"}, cssValue(cssSize)},
	{[]string{"max-width", "max-height"}, cssValue(`none|` + cssSize)},
	{[]string{"display"}, cssValue(`block|inline|inline-block|none`)},
	{[]string{"vertical-align"}, cssValue(`baseline|top|middle|bottom|sub|super|text-top|text-bottom`)},
	{[]string{"white-space"}, cssValue(`normal|nowrap|pre|pre-wrap|pre-line`)},
	{[]string{"word-break"}, cssValue(`normal|break-all|keep-all|break-word`)},
	{[]string{"overflow-wrap", "word-wrap"}, cssValue(`normal|break-word|anywhere`)},
	{[]string{"box-sizing"}, cssValue(`border-box|content-box`)},
	{[]string{"list-style-type"}, cssValue(`none|disc|circle|square|decimal|lower-alpha|upper-alpha|lower-roman|upper-roman`)},
}

// allowArticleStyles lets p keep the article styles on every article
// element; any other declaration, or one whose value does not match, goes.
func allowArticleStyles(p *bluemonday.Policy) {
	for _, s := range articleStyles {
		p.AllowStyles(s.properties...).Matching(s.values).OnElements(articleElements...)
	}
}
