package wechattest

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// material is an uploaded file; only its name and size are kept.
type material struct {
	mediaID   string
	mediaType string
	name      string
	size      int64
	url       string
	created   time.Time
}

// addMaterial is POST /cgi-bin/material/add_material?type=…: a permanent
// material; images and thumbs also get a URL usable in article bodies.
func (s *Server) addMaterial(c *call) (any, *apiError) {
	m, e := s.receive(c, false)
	if e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	st.materials[m.mediaID] = m
	st.counts.MaterialsUploaded++
	if m.url == "" {
		return map[string]any{"media_id": m.mediaID}, nil
	}
	return map[string]any{"media_id": m.mediaID, "url": m.url}, nil
}

// uploadMedia is POST /cgi-bin/media/upload?type=…: a temporary media (3
// days). A thumb's id comes back as thumb_media_id, as WeChat does.
func (s *Server) uploadMedia(c *call) (any, *apiError) {
	m, e := s.receive(c, true)
	if e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	st.media[m.mediaID] = m
	st.counts.MediaUploaded++
	idField := "media_id"
	if m.mediaType == "thumb" {
		idField = "thumb_media_id"
	}
	return map[string]any{"type": m.mediaType, idField: m.mediaID, "created_at": c.now.Unix()}, nil
}

// uploadBodyImage is POST /cgi-bin/media/uploadimg: a jpg or png under 1 MB
// for article bodies; it returns an mmbiz URL and uses no material quota.
func (s *Server) uploadBodyImage(c *call) (any, *apiError) {
	u, e := readUpload(c)
	if e != nil {
		return nil, e
	}
	rule := mediaRule{exts: []string{"jpg", "jpeg", "png"}, limit: s.opts.Limits.BodyImage, tooBig: CodeInvalidImageSize}
	if e := rule.check(u); e != nil {
		return nil, e
	}
	url := mmbizURL(u.name)
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	st.counts.BodyImagesUploaded++
	return map[string]any{"url": url}, nil
}

// receive reads and checks an upload of the call's ?type=.
func (s *Server) receive(c *call, temporary bool) (*material, *apiError) {
	mediaType := c.r.URL.Query().Get("type")
	rule, ok := s.rules(mediaType, temporary)
	if !ok {
		return nil, fail(CodeInvalidMediaType)
	}
	u, e := readUpload(c)
	if e != nil {
		return nil, e
	}
	if e := rule.check(u); e != nil {
		return nil, e
	}
	m := &material{mediaID: randomText(64), mediaType: mediaType, name: u.name, size: u.size, created: c.now}
	if rule.isImage && !temporary {
		m.url = mmbizURL(u.name)
	}
	return m, nil
}

// materialCount is GET /cgi-bin/material/get_materialcount; thumbs count as
// images.
func (s *Server) materialCount(c *call) (any, *apiError) {
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	n := map[string]int{}
	for _, m := range st.materials {
		n[m.mediaType]++
	}
	return map[string]any{
		"voice_count": n["voice"], "video_count": n["video"],
		"image_count": n["image"] + n["thumb"], "news_count": 0,
	}, nil
}

// deleteMaterial is POST /cgi-bin/material/del_material.
func (s *Server) deleteMaterial(c *call) (any, *apiError) {
	var req struct {
		MediaID string `json:"media_id"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.materials[req.MediaID] == nil {
		return nil, fail(CodeInvalidMediaID)
	}
	delete(st.materials, req.MediaID)
	return nil, nil
}

// mmbizURL makes an image URL on WeChat's image host, as uploads return.
func mmbizURL(name string) string {
	format := "jpeg"
	if ext := strings.ToLower(path.Ext(name)); ext == ".png" || ext == ".gif" || ext == ".bmp" {
		format = ext[1:]
	}
	return fmt.Sprintf("http://mmbiz.qpic.cn/mmbiz_%s/%s/0?wx_fmt=%s", format, randomText(48), format)
}
