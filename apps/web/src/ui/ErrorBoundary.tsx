import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

type Props = {
  /** What to show instead; `reset` renders the children again. */
  fallback: (reset: () => void) => ReactNode;
  children: ReactNode;
};

type State = { failed: boolean };

/** Keeps a failure in one part (a chunk that did not load, a render error) from blanking the page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Pulse: a part of the page failed', error, info.componentStack);
  }

  reset = (): void => this.setState({ failed: false });

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.reset) : this.props.children;
  }
}
