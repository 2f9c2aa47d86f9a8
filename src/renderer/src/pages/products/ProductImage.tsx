import { PictureOutlined } from '@ant-design/icons';
import { Flex, Image } from 'antd';
import { useState } from 'react';
import { isOzonImageUrl } from '../../lib/images';

/**
 * Product pictures live on Ozon's CDN. One that does not load (offline, a dead
 * link, or a host the page may not load images from) shows the same
 * placeholder as a product without pictures, never a broken-image icon with
 * its alt text spilling over the layout.
 */
function Placeholder({ size, iconSize }: { size: number; iconSize: number }) {
  return (
    <Flex align="center" justify="center" style={{ width: size, height: size, background: '#f5f5f5', borderRadius: size > 60 ? 8 : 4 }}>
      <PictureOutlined style={{ fontSize: iconSize, color: '#bfbfbf' }} />
    </Flex>
  );
}

/** The small picture of a list row. */
export function ProductThumb({ src }: { src: string | null }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!src || failed === src || !isOzonImageUrl(src)) return <Placeholder size={36} iconSize={20} />;
  return (
    <img
      src={src}
      alt=""
      loading="lazy"
      onError={() => setFailed(src)}
      style={{ width: 36, height: 36, objectFit: 'cover', borderRadius: 4, background: '#f5f5f5' }}
    />
  );
}

/** The product page's picture; click to preview all of them. */
export function ProductCover({ images, alt }: { images: string[]; alt: string }) {
  const shown = images.filter(isOzonImageUrl);
  const first = shown[0];
  const [failed, setFailed] = useState<string | null>(null);
  if (!first || failed === first) return <Placeholder size={120} iconSize={36} />;
  return (
    <Image.PreviewGroup items={shown}>
      <Image src={first} width={120} height={120} style={{ objectFit: 'cover', borderRadius: 8 }} data-testid="product-image" alt={alt} onError={() => setFailed(first)} />
    </Image.PreviewGroup>
  );
}
