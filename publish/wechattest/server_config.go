package wechattest

import "fmt"

// SetCallback changes an account's server configuration (服务器配置), as its
// administrator does on the platform: later pushes go to the new URL,
// signed and sealed with the new Token and EncodingAESKey.
func (s *Server) SetCallback(appid string, cb Callback) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	if cb.Mode != Plain {
		if _, err := decodeAESKey(cb.EncodingAESKey); err != nil {
			return fmt.Errorf("wechattest: account %s: %w", appid, err)
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cfg.Callback = cb
	return nil
}
