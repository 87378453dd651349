package publish

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a policy may carry besides its text: the files offices attach to
// a document (its annexes, the signed copy as PDF or OFD, tables).
const (
	maxAttachments     = 10
	maxAttachmentBytes = 10 << 20
	maxAttachmentsSum  = 30 << 20
	maxAttachmentName  = 100
)

// attachmentTypes are the files a policy page offers, by extension, with
// the type they are served as (always as a download).
var attachmentTypes = map[string]string{
	".pdf": "application/pdf", ".ofd": "application/ofd",
	".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".wps": "application/vnd.ms-works", ".xls": "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".et": "application/vnd.ms-excel",
	".csv": "text/csv", ".txt": "text/plain", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".zip": "application/zip",
}

func (c *policyCheck) attachments(files []AttachmentFile) []*PolicyAttachment {
	if len(files) > maxAttachments {
		c.probs.add(0, "attachments", "policy.too_many_attachments", "max", maxAttachments)
		files = files[:maxAttachments]
	}
	var out []*PolicyAttachment
	total := 0
	for i, f := range files {
		name := attachmentName(f.Name)
		kind := attachmentTypes[strings.ToLower(path.Ext(name))]
		switch {
		case kind == "":
			c.probs.add(0, "attachments", "policy.attachment_type", "name", shorten(name))
		case len(f.Data) == 0:
			c.probs.add(0, "attachments", "policy.attachment_empty", "name", shorten(name))
		case len(f.Data) > maxAttachmentBytes:
			c.probs.add(0, "attachments", "policy.attachment_too_large", "name", shorten(name), "size", sizeText(len(f.Data)), "max", "10 MB")
		}
		total += len(f.Data)
		out = append(out, &PolicyAttachment{Position: i, Name: name, ContentType: kind, Size: len(f.Data), Data: f.Data})
	}
	if total > maxAttachmentsSum {
		c.probs.add(0, "attachments", "policy.attachments_too_large", "size", sizeText(total), "max", "30 MB")
	}
	return out
}

// attachmentName is a file's own name, without folders or control
// characters, within 100 characters (its extension kept).
func attachmentName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if name == "." || name == "/" {
		name = ""
	}
	if utf8.RuneCountInString(name) > maxAttachmentName {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		name = string([]rune(strings.TrimSuffix(name, ext))[:maxAttachmentName-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}
