//! The playground: a page at `GET /` on the gRPC port where a person types
//! Persian text and sees what the service makes of it. Its files live in
//! `web/playground/` and are built into the binary (no build step, nothing
//! fetched from elsewhere); the page calls the JSON API on the same origin.
//!
//! The page is static and public, like the health check: the calls it makes
//! pass the gate, bearer token and all.

use bytes::Bytes;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tonic::body::Body;

/// One file of the page.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: [Asset; 3] = [
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_str!("../../web/playground/index.html"),
    },
    Asset {
        path: "/playground.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../web/playground/playground.js"),
    },
    Asset {
        path: "/playground.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../web/playground/playground.css"),
    },
];

/// The page loads only its own files and calls only its own origin.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// The service that answers the playground's paths in front of `inner`;
/// with the playground off they are answered 404.
#[derive(Clone)]
pub struct Playground<S> {
    inner: S,
    enabled: bool,
}

impl<S> Playground<S> {
    pub fn new(inner: S, enabled: bool) -> Playground<S> {
        Playground { inner, enabled }
    }
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> tower_service::Service<http::Request<Body>> for Playground<S>
where
    S: tower_service::Service<http::Request<Body>, Response = http::Response<Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<http::Response<Body>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let reading = req.method() == http::Method::GET || req.method() == http::Method::HEAD;
        let asset = ASSETS.iter().find(|a| a.path == req.uri().path());
        match (reading, asset) {
            (true, Some(asset)) => {
                let response = if self.enabled {
                    asset_response(asset, req.method() == http::Method::HEAD)
                } else {
                    not_found()
                };
                Box::pin(std::future::ready(Ok(response)))
            }
            _ => Box::pin(self.inner.call(req)),
        }
    }
}

fn asset_response(asset: &Asset, head: bool) -> http::Response<Body> {
    let body = if head {
        Body::empty()
    } else {
        Body::new(http_body_util::Full::new(Bytes::from_static(
            asset.body.as_bytes(),
        )))
    };
    let mut response = http::Response::new(body);
    let headers = response.headers_mut();
    let set = |headers: &mut http::HeaderMap, name, value| {
        headers.insert(name, http::HeaderValue::from_static(value));
    };
    set(headers, http::header::CONTENT_TYPE, asset.content_type);
    set(
        headers,
        http::header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, http::header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, http::header::REFERRER_POLICY, "no-referrer");
    // The files change only with the binary; a reload asks again.
    set(headers, http::header::CACHE_CONTROL, "no-cache");
    headers.insert(
        http::header::CONTENT_LENGTH,
        http::HeaderValue::from(asset.body.len()),
    );
    response
}

fn not_found() -> http::Response<Body> {
    let mut response = http::Response::new(Body::new(http_body_util::Full::new(
        Bytes::from_static(b"not found: this server's playground is off (--no-playground)\n"),
    )));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_files_the_server_has() {
        let page = ASSETS[0].body;
        let mut loads = 0;
        for attribute in ["src=\"", "href=\""] {
            for (at, _) in page.match_indices(attribute) {
                let rest = &page[at + attribute.len()..];
                let target = &rest[..rest.find('"').unwrap()];
                if target.starts_with("data:") {
                    continue;
                }
                assert!(ASSETS.iter().any(|a| a.path == target), "{target}");
                loads += 1;
            }
        }
        assert_eq!(loads, 2);
    }
}
