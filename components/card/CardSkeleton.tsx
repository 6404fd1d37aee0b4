/**
 * Grey blocks in the shape of an expanded card, so nothing jumps when the data arrives.
 * Static on purpose: a shimmer would animate longer than the 150 ms the UI allows.
 */
export function CardSkeleton() {
  return (
    <div class="pl-card pl-skeleton" aria-hidden="true" data-testid="card-skeleton">
      <div class="pl-card-title">
        <span class="pl-bone" style={{ width: '60%' }} />
        <span class="pl-bone" style={{ width: '80%' }} />
      </div>
      <div class="pl-metrics">
        <span class="pl-bone pl-bone-tall" />
        <span class="pl-bone pl-bone-tall" />
        <span class="pl-bone pl-bone-tall" />
      </div>
      <span class="pl-bone" style={{ width: '90%' }} />
      <span class="pl-bone" style={{ width: '70%' }} />
      <span class="pl-bone" style={{ width: '50%' }} />
    </div>
  );
}
