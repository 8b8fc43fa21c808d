package main

import (
	"example.com/shop/backend/internal/api"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	api.Register(r)
	_ = r.Run(":8080")
}
