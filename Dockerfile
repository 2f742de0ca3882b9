# The same commands as on a developer's machine: `make install`, then `make run`/`make test`.
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN make install

ENV PORT=8000
EXPOSE 8000
CMD ["make", "run"]
