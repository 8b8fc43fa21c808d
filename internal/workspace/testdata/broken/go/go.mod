module example.com/broken

go 1.22

require github.com/labstack/echo/v4 v4.12.0

require (
	github.com/google/uuid v1.6.0
	github.com/oops
