package wechattest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"path"
	"slices"
	"strings"
)

// upload is the file of a multipart "media" field.
type upload struct {
	name string
	size int64
}

// readUpload finds the "media" file in the call's multipart body: 41005 when
// there is none.
func readUpload(c *call) (upload, *apiError) {
	_, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return upload{}, fail(CodeMediaMissing)
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return upload{}, fail(CodeMediaMissing)
		}
		if p.FormName() != "media" {
			continue
		}
		n, err := io.Copy(io.Discard, p)
		if err != nil || n == 0 {
			return upload{}, fail(CodeMediaMissing)
		}
		return upload{name: p.FileName(), size: n}, nil
	}
}

// mediaRule is what a media type accepts: file extensions and a size cap.
type mediaRule struct {
	exts    []string
	limit   int64
	tooBig  int
	isImage bool
}

// rules returns the documented rules per type: image bmp/png/jpeg/jpg/gif;
// voice mp3/wma/wav/amr (temporary: amr/mp3); video mp4; thumb jpg.
func (s *Server) rules(mediaType string, temporary bool) (mediaRule, bool) {
	l := s.opts.Limits
	voice := []string{"mp3", "wma", "wav", "amr"}
	if temporary {
		voice = []string{"amr", "mp3"}
	}
	switch mediaType {
	case "image":
		return mediaRule{[]string{"bmp", "png", "jpeg", "jpg", "gif"}, l.Image, CodeInvalidImageSize, true}, true
	case "voice":
		return mediaRule{voice, l.Voice, CodeInvalidVoiceSize, false}, true
	case "video":
		return mediaRule{[]string{"mp4"}, l.Video, CodeInvalidVideoSize, false}, true
	case "thumb":
		return mediaRule{[]string{"jpg", "jpeg"}, l.Thumb, CodeInvalidThumbSize, true}, true
	}
	return mediaRule{}, false
}

// check answers 40005 for a file whose extension the type does not accept
// and the type's size error for one over the cap.
func (r mediaRule) check(u upload) *apiError {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(u.name), "."))
	if !slices.Contains(r.exts, ext) {
		return fail(CodeInvalidFileType)
	}
	if u.size > r.limit {
		return fail(r.tooBig)
	}
	return nil
}
