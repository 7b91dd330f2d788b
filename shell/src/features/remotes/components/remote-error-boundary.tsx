import { Component, type ReactNode } from 'react';
import { errorMessage, recordRemoteFailure } from '../remote-failures';
import { RemoteFallback } from './remote-fallback';

interface RemoteErrorBoundaryProps {
  remote: string;
  module: string;
  title: string;
  onRetry: () => void;
  compact?: boolean;
  children: ReactNode;
}

interface RemoteErrorBoundaryState {
  failed: boolean;
}

/** Layer 3 of the defence: a remote component that throws while rendering only takes its own slot down. */
export class RemoteErrorBoundary extends Component<RemoteErrorBoundaryProps, RemoteErrorBoundaryState> {
  override state: RemoteErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): RemoteErrorBoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    const { remote, module } = this.props;
    recordRemoteFailure({
      id: `${remote}/${module.replace(/^\.\//, '')}`,
      remote,
      lifecycle: 'render',
      message: errorMessage(error),
    });
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <RemoteFallback title={this.props.title} onRetry={this.props.onRetry} compact={this.props.compact} />
      );
    }
    return this.props.children;
  }
}
