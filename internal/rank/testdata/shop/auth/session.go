// Package auth signs users in.
package auth

import "time"

// Session is a signed-in user's session.
type Session struct {
	User    string
	Expires time.Time
}

// Login checks a password and opens a session.
func Login(user, password string) (*Session, error) {
	return &Session{User: user, Expires: time.Now().Add(time.Hour)}, nil
}

// Logout ends a session.
func Logout(s *Session) {}
