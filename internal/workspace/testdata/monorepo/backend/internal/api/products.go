// Package api registers the shop's HTTP routes.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Product is one item for sale.
type Product struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

var catalogue = []Product{{1, "Mug", 8.5}, {2, "Shirt", 19}}

// Register adds the product routes to r.
func Register(r *gin.Engine) {
	r.GET("/products", func(c *gin.Context) { c.JSON(http.StatusOK, catalogue) })
	r.GET("/products/:id", func(c *gin.Context) {
		for _, p := range catalogue {
			if c.Param("id") == string(rune('0'+p.ID)) {
				c.JSON(http.StatusOK, p)
				return
			}
		}
		c.Status(http.StatusNotFound)
	})
}
