package telegramtest

import (
	"context"
	"strings"
)

// sendDocument implements sendDocument.
func (s *Server) sendDocument(_ context.Context, p *params) (any, error) {
	return s.sendMedia(p, "document", kindDocument, "sendDocument")
}

// sendPhoto implements sendPhoto.
func (s *Server) sendPhoto(_ context.Context, p *params) (any, error) {
	return s.sendMedia(p, "photo", kindPhoto, "sendPhoto")
}

// sendMedia sends a file given as an upload, "attach://<name>" or a
// file_id, with an optional caption.
func (s *Server) sendMedia(p *params, field string, kind fileKind, method string) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.readOutgoing(p)
	if err != nil {
		return nil, err
	}
	f, err := s.mediaFile(p, field, kind)
	if err != nil {
		return nil, err
	}
	source := p.str("caption")
	caption, entities, err := s.format(source, p.str("parse_mode"), p, "caption_entities")
	if err != nil {
		return nil, err
	}
	if utf16Len(caption) > 1024 {
		return nil, badRequest("message caption is too long")
	}
	st := &stored{msg: Message{From: &s.bot, Caption: caption, CaptionEntities: entities}, source: source, parseMode: p.str("parse_mode")}
	if kind == kindPhoto {
		st.msg.Photo = f.photo()
	} else {
		st.msg.Document = f.document()
	}
	return s.post(o, st, method)
}

// mediaFile finds or stores the file a send method names. Call with s.mu
// held.
func (s *Server) mediaFile(p *params, field string, kind fileKind) (*storedFile, error) {
	ref := strings.TrimSpace(p.str(field))
	up, ok := p.files[field]
	if name, attached := strings.CutPrefix(ref, "attach://"); !ok && attached {
		up, ok = p.files[name]
	}
	if ok {
		if kind == kindPhoto {
			if err := photoFits(up.data); err != nil {
				return nil, err
			}
		}
		return s.storeFile(Upload{Name: up.name, MIME: up.mime, Data: up.data}, kind)
	}
	if ref == "" {
		return nil, badRequest("there is no " + field + " in the request")
	}
	f := s.files[ref]
	switch {
	case f == nil:
		return nil, badRequest("wrong file identifier/HTTP URL specified")
	case kind == kindPhoto && f.width == 0:
		return nil, badRequest("type of file mismatch")
	}
	return f, nil
}
