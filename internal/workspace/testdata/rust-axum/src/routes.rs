use axum::{routing::get, Json, Router};
use serde::Serialize;

#[derive(Serialize)]
pub struct Link {
    pub url: String,
}

pub fn router() -> Router {
    Router::new().route("/links", get(list))
}

async fn list() -> Json<Vec<Link>> {
    Json(vec![Link { url: "https://example.com".into() }])
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds() {
        let _ = super::router();
    }
}
