# syntax=docker/dockerfile:1

# ---- build -------------------------------------------------------------------
# The build needs no system protoc: build.rs compiles proto/ with protox.
FROM rust:1.95-bookworm AS builder
WORKDIR /src
COPY . .
# Cache mounts keep the crate registry and target dir between builds; the binary
# is copied out of the cached target dir inside the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -s -m 0755 target/release/matn /usr/local/bin/matn

# ---- runtime -----------------------------------------------------------------
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 matn \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin matn
COPY --from=builder /usr/local/bin/matn /usr/local/bin/matn
USER 10001:10001
ENV MATN_LISTEN=0.0.0.0:50051 \
    MATN_HEALTH_ADDR=http://127.0.0.1:50051
EXPOSE 50051
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/matn", "health"]
# matn writes no files: the image runs with a read-only root filesystem
# (`docker run --read-only`, Kubernetes `readOnlyRootFilesystem: true`).
# Exec form: matn is PID 1 and receives SIGTERM directly for a graceful stop.
ENTRYPOINT ["/usr/local/bin/matn"]
CMD ["serve"]
