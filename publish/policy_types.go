package publish

import (
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// PolicyKind is the publication kind of a policy document released with
// its interpretations: article 0 is the policy, articles 1 to 7 explain it.
const PolicyKind = "policy"

// MaxInterpretations is how many interpretations go with one policy: a
// WeChat draft holds eight articles, and the policy is the first.
const MaxInterpretations = maxArticles - 1

// InterpretationForm is how an interpretation explains its policy.
type InterpretationForm string

// The forms of interpretation the notice asks offices to enrich
// (不断丰富解读形式).
const (
	TextInterpretation        InterpretationForm = "text"        // 文字解读
	IllustratedInterpretation InterpretationForm = "illustrated" // 图文解读: text with pictures
	QAInterpretation          InterpretationForm = "qa"          // 问答
	GraphicInterpretation     InterpretationForm = "graphic"     // 政策图解: the policy drawn
)

// InterpretationForms lists the forms in the order offices are offered them.
var InterpretationForms = []InterpretationForm{TextInterpretation, IllustratedInterpretation, QAInterpretation, GraphicInterpretation}

// needsPicture reports whether the form is made of pictures.
func (f InterpretationForm) needsPicture() bool {
	return f == IllustratedInterpretation || f == GraphicInterpretation
}

// Policy is a policy document as stored: what its page and search show
// besides the bodies, which are its publication's articles.
type Policy struct {
	bun.BaseModel `bun:"table:policies"`

	PublicationID int64     `bun:"publication_id,pk"`
	Title         string    `bun:"title"`
	Number        string    `bun:"doc_number"` // in the standard shape
	IssuingOrg    string    `bun:"issuing_org"`
	IssuedOn      time.Time `bun:"issued_on,type:date"` // a civil date
	Domains       []string  `bun:"domains,array"`
	SearchText    string    `bun:"search_text"`

	IssuerName      string              `bun:"-"`
	Interpretations []*Interpretation   `bun:"rel:has-many,join:publication_id=publication_id"`
	Attachments     []*PolicyAttachment `bun:"-"` // without their data
	Publication     *Publication        `bun:"-"`
}

// Interpretation is one interpretation of a policy: the article at
// Position of the policy's publication.
type Interpretation struct {
	bun.BaseModel `bun:"table:policy_interpretations"`

	PublicationID int64              `bun:"publication_id,pk"`
	Position      int                `bun:"position,pk"`
	Form          InterpretationForm `bun:"form"`
	Title         string             `bun:"title"`
	AuthorOrg     string             `bun:"author_org"`

	AuthorName string `bun:"-"`
}

// PolicyAttachment is a file that goes with a policy.
type PolicyAttachment struct {
	bun.BaseModel `bun:"table:policy_attachments"`

	PublicationID int64  `bun:"publication_id,pk"`
	Position      int    `bun:"position,pk"`
	Name          string `bun:"name"`
	ContentType   string `bun:"content_type"`
	Size          int    `bun:"size"`
	Data          []byte `bun:"data"`
}

// PolicyDraft is a policy document with its interpretations, as an office
// submits them for review.
type PolicyDraft struct {
	Title           string
	Number          string // as typed; 昆政办[2020]32号 is read as 昆政办〔2020〕32号
	IssuingOrg      string // "": the submitter's org
	IssuedOn        time.Time
	Domains         []string
	Body            Body
	Attachments     []AttachmentFile
	Interpretations []InterpretationDraft
	Mode            Mode
	Targets         Targets
}

// InterpretationDraft is one interpretation as submitted.
type InterpretationDraft struct {
	Form      InterpretationForm
	Title     string
	Body      Body
	AuthorOrg string // "": the submitter's org
}

// Body is a text as submitted: HTML, Markdown or plain text in Text, or
// a Word document in File; Images are the pictures it names (src="NAME").
type Body struct {
	Format string // "html", "markdown", "text" or "docx"
	Text   string
	File   []byte
	Images map[string][]byte
}

// AttachmentFile is a file submitted with a policy.
type AttachmentFile struct {
	Name string
	Data []byte
}

// Opening is the start of an article's text, whatever its digest says:
// what a card or a page shows of a policy's or interpretation's body.
func (a *Article) Opening() string {
	text := []rune(strings.Join(strings.Fields(stripTags(a.Content)), " "))
	if len(text) > 60 {
		return string(text[:60]) + "…"
	}
	return string(text)
}
