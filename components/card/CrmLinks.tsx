import { safeUrl } from '../safeUrl';

/** Deep links into the CRMs. A link that is not https:/mailto: keeps its label but is never clickable. */
export function CrmLinks({ links }: { links: { label: string; url: string }[] }) {
  if (links.length === 0) return null;
  return (
    <ul class="pl-links">
      {links.map((link, i) => {
        const href = safeUrl(link.url);
        return (
          <li key={i}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {link.label} <span aria-hidden="true">↗</span>
              </a>
            ) : (
              <span class="pl-muted">{link.label}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
