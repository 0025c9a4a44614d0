import { StatusError, StatusOK, StatusWarning } from '@backstage/core-components';
import { checkVersionAllowed, type ComponentVersion, type Diagnostic, type Stage } from '@platter/model';
import { lifecycleOnlyStage } from './modelAdapters';

/**
 * A version's lifecycle as the model judges it on a date (and, given a stage,
 * with that stage's prerelease rule): the findings of checkVersionAllowed.
 */
export function versionFindings(version: ComponentVersion, now: Date, stage?: Stage): Diagnostic[] {
  return checkVersionAllowed(stage ?? lifecycleOnlyStage(), version, '', { now });
}

/**
 * StatusOK / StatusWarning / StatusError for a version, from the model's
 * findings: SunsetVersion is an error, DeprecatedVersion a warning. The label is
 * short; the model's message is the tooltip.
 */
export function LifecycleStatus(props: { version: ComponentVersion; now: Date; stage?: Stage }) {
  const { version, now, stage } = props;
  const findings = versionFindings(version, now, stage);
  const title = findings.map((d) => d.message).join('\n') || undefined;
  const { sunset } = version.lifecycle;
  if (findings.some((d) => d.code === 'SunsetVersion')) {
    return (
      <span title={title}>
        <StatusError>sunset {sunset} (passed)</StatusError>
      </span>
    );
  }
  if (findings.some((d) => d.code === 'DeprecatedVersion')) {
    return (
      <span title={title}>
        <StatusWarning>deprecated{sunset ? `, sunset ${sunset}` : ''}</StatusWarning>
      </span>
    );
  }
  return <StatusOK>{version.lifecycle.status}</StatusOK>;
}
