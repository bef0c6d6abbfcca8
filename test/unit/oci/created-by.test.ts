import { describe, expect, it } from 'vitest';
import { shortenCreatedBy } from '@/lib/oci/created-by';

describe('shortenCreatedBy', () => {
  it.each([
    // classic builder
    ['/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc011 in / ', 'ADD file:5d6b639e8b6bcc011 in /'],
    ['/bin/sh -c #(nop)  CMD ["bash"]', 'CMD ["bash"]'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR /app'],
    ['/bin/sh -c apt-get update && apt-get install -y nginx', 'RUN apt-get update && apt-get install -y nginx'],
    ['|1 VERSION=1.25 /bin/sh -c make install', 'RUN make install'],
    ['/bin/sh -c set -eux; \tapt-get update\n && true', 'RUN set -eux; \tapt-get update\n && true'],
    // BuildKit
    ['RUN /bin/sh -c apk add --no-cache curl # buildkit', 'RUN apk add --no-cache curl'],
    ['RUN |2 A=1 B=two words /bin/sh -c make # buildkit', 'RUN make'],
    ['COPY /app /app # buildkit', 'COPY /app /app'],
    ['ENV PATH=/usr/local/bin:/usr/bin', 'ENV PATH=/usr/local/bin:/usr/bin'],
    ['CMD ["node" "server.js"]', 'CMD ["node" "server.js"]'],
    ['RUN powershell -Command Install-Thing # buildkit', 'RUN powershell -Command Install-Thing'],
    // Windows classic builder
    ['cmd /S /C #(nop)  ENTRYPOINT ["app.exe"]', 'ENTRYPOINT ["app.exe"]'],
    ['cmd /S /C mkdir C:\\app', 'RUN mkdir C:\\app'],
    // other tools write free text
    ['KO', 'KO'],
    ['', ''],
  ])('%j -> %j', (raw, want) => {
    expect(shortenCreatedBy(raw)).toBe(want);
  });
});
