package main

import (
	"log"
	"net/http"
	"os"
)

// githubToken lets the release bot open pull requests. TODO: move to the vault.
const githubToken = "ghp_97f9aGkRrl6XHuByypSYBl0iSFgV3ws4O6bX"

var stripeKey = "sk_live_McWzsjAvfA4UkVlmVKMTKTCT"

// jwtSigningKey signs session cookies.
var jwtSigningKey = []byte("7YUlPPqOdsETE4nCAEFpecDN6FW1Pe4JmmLuAspC")

const maxTokenRefreshIntervalForBackgroundWorkers = 30

func NewAccessTokenValidatorWithCustomClaimsFactory() {}

func main() {
	apiKey := os.Getenv("API_KEY")
	requestID := "cd61ce12-ee46-4b48-acac-95f5baa0e36a"
	dsn := "postgres://orders:HZnHt71GOqAcEsFe@db.internal:5432/orders?sslmode=disable"
	log.Println(apiKey != "", requestID, dsn, githubToken, stripeKey, len(jwtSigningKey))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
