/**
 * The Dockerfile builder's container-independent parts. How a build is wired, step by step:
 *
 * <ol>
 *   <li>{@code dockerfile.DockerfileParser.parse} gives the stages and typed instructions;
 *       {@code plan.BuildPlan.create} picks the {@code --target} and the stages it needs, in order,
 *       with each stage's base (scratch, an earlier stage, or an image to pull).
 *   <li>Per stage: a {@code config.StageConfig} from the base image's config and a
 *       {@code plan.StageScope} from its {@code Env}. For each instruction, {@code scope.step}
 *       expands it (ARG and ENV take effect), then:
 *       <ul>
 *         <li>COPY/ADD: {@code context.BuildContext.select} each source (COPY --from: the other
 *             stage's tree instead), {@code digest.SourceDigester} for the key;
 *         <li>{@code cache.CacheKey.of(parentImageId, expanded, scope.argsInUse(), sources)} and
 *             {@code cache.BuildCache.lookup}: a hit gives the image id and layer, no container;
 *         <li>on a miss: metadata goes through {@code StageConfig.apply}; COPY/ADD through
 *             {@code copy.CopyTargets} and {@code copy.CopyStager} (or {@code copy.Archives} for
 *             ADD of a local tar) onto a staging directory; WORKDIR through
 *             {@code copy.Workdirs}; RUN through {@code run.RunStep.of} and the runtime's
 *             {@code run.StepExecutor}; a changed tree becomes a layer with
 *             {@code layer.LayerWriter}; then {@code BuildCache.record}.
 *       </ul>
 *   <li>{@code FileDigestCache.save} at the end keeps the next build from re-reading files.
 * </ol>
 */
package dev.edge.runtime.build;
