import { useEffect, useState } from 'react';

/**
 * False in the first render, true once the frame that shows it has been
 * painted: the parts a page does not need first (filters' inputs, tabs,
 * pagination) render after the rows are on screen (issue 24, P5). The caller
 * reserves their space, so nothing moves when they come.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs just before the next paint; a task queued from there runs after it.
    const after = () => {
      timer = setTimeout(() => setPainted(true), 0);
    };
    if (typeof requestAnimationFrame !== 'function') {
      after();
      return () => clearTimeout(timer);
    }
    const frame = requestAnimationFrame(after);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
